"""执行公开: tracking of 重大决策部署 and 政府工作报告 targets,
progress reports and the summary table.
"""
