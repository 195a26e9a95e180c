"""Letters and notices of 依申请公开: composed from the case (compose.py) in the wording drafted
for the project (wording.py), checked with textcheck, numbered per unit, series and year, and
rendered as DOCX (editable in Word/WPS) and PDF (render.py); issued through services.py and
listed on the case page (views.py)."""
