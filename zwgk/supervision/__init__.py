"""Supervision: the statutory annual report, 通报, spot checks, assessment and dashboards."""
