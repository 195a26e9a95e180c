"""舆情: cases from collection to 会商, 研判, 回应 and 评估, with the response timers."""
