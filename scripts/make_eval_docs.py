#!/usr/bin/env python3
"""Regenerate the Word document of the English evaluation set in ``eval/en/``.

Run from anywhere: ``python scripts/make_eval_docs.py``. It writes ``eval/en/b2-annual-report.docx``, a
fictional force's past-tense annual report on neighbourhood policing (Title, Heading 1, Normal and List Bullet
paragraphs, a table), from the text kept below. Its labels are in ``eval/en/b2-annual-report.labels.json``:
if you change the text here, re-check every label and evidence string (``python scripts/check_eval.py``).

Output is byte-for-byte deterministic (fixed core properties and zip timestamps, as in make_samples.py).
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from make_samples import FIXED_TIME, _stable_zip

EVAL_EN = Path(__file__).resolve().parent.parent / "eval" / "en"

TITLE = "Harwick Police Annual Report 2024/25: Local Policing"

# (style, text) paragraphs in order; "Table" marks where the table goes.
BODY: list[tuple[str, str]] = [
    ("Normal", "Published by Harwick Police, Headquarters, Castle Lane, Harwick. Presented to the Police and Crime Panel on 17 July 2025."),
    ("Heading 1", "Foreword from the Chief Constable"),
    ("Normal", "This report looks back on the first full year of our Local Policing Programme, which we launched in April 2024 in response to the Police and Crime Commissioner's plan and to what residents told us in the 2023 Harwick Community Survey. The year was not without difficulty: a rise in demand over the summer, the loss of experienced officers to retirement and a tight budget all tested us. But we made real progress, and this report is honest about where we fell short as well as where we succeeded."),
    ("Normal", "I want to thank the officers, PCSOs, staff and volunteers of our neighbourhood teams, and the councils, housing providers and community groups who worked with them."),
    ("Heading 1", "1. Our year in numbers"),
    ("Table", ""),
    ("Heading 1", "2. Being there for local communities"),
    ("Normal", "In September 2024 we allocated a named PCSO to every one of the county's 96 neighbourhoods. Their photographs and contact details were added to the neighbourhood pages of our website. Neighbourhood constables continued to work across several neighbourhoods from their sector base."),
    ("Normal", "From April 2024 every occasion on which a neighbourhood officer or PCSO was moved to other duties was logged on the duty management system, with the reason and the number of hours lost. Across the year these moves took up 7.4 per cent of planned neighbourhood hours, under the 10 per cent ceiling we set ourselves, and we put the figures for each sector on our website at the end of every quarter."),
    ("Normal", "We decided not to introduce a minimum two-year posting for neighbourhood officers. Having consulted the Police Federation and our own staff networks, we concluded that it would make neighbourhood roles harder to fill and would slow the progression of officers seeking promotion."),
    ("Heading 1", "3. Solving local problems"),
    ("Normal", "All neighbourhood sergeants were trained in the SARA problem-solving model during the summer, and teams applied it to 42 local problems over the year, from drug dealing in the Mill Street flats to repeated shed burglaries in the villages around Ashcombe."),
    ("Normal", "Since October 2024 the force has held a tasking meeting every month with each of the four district councils, Harwick Homes and the other social landlords, the fire service and the youth offending team. At these meetings the partners pooled their information on anti-social behaviour and on the addresses and places that kept generating complaints, and each action agreed was given to a named organisation together with a date by which it had to be done. By March, 71 per cent of actions had been completed on time."),
    ("Normal", "We did not proceed with the planned online library of prevention projects. The budget set aside for it was redirected to the purchase of additional mobile CCTV cameras, and details of completed projects were instead placed on the force intranet."),
    ("List Bullet", "Mill Street flats: 14 arrests, two closure orders and a 60 per cent fall in calls."),
    ("List Bullet", "Ashcombe villages: property marking for 900 sheds and a 45 per cent fall in shed burglaries."),
    ("List Bullet", "Harwick bus station: a joint patrol plan with the bus operator and a new help point."),
    ("Heading 1", "4. Listening to residents"),
    ("Normal", "Residents in every neighbourhood had the opportunity to shape our priorities through \"Community Conversations\". Each neighbourhood held at least four during the year, some in the evening and some at weekends, and people could join online as well as in person. At every Conversation the local team explained what had been done on each of the priorities agreed the previous time."),
    ("Normal", "We set up a Youth Independent Advisory Group of 15 young people aged 14 to 21, which met five times and reviewed the priorities of the Harwick city centre neighbourhood team."),
    ("Normal", "Our volunteers made a huge contribution. We recruited 38 new special constables during the year, bringing the total to 164, and they gave more than 41,000 hours of their time."),
    ("Heading 1", "5. Supporting our people"),
    ("Normal", "All 312 officers and PCSOs in neighbourhood teams completed the mandatory annual personal safety training, and 40 took part in a leadership programme for new sergeants."),
    ("Normal", "The mobile police station visited 120 village fetes, markets and community events, giving residents a chance to meet their local officers and pick up crime prevention advice."),
    ("Heading 1", "6. How we measured our performance"),
    ("Normal", "As in previous years, we measured the performance of neighbourhood teams by recorded crime and by response times to emergency calls. Both are reported to the Police and Crime Panel twice a year."),
    ("Normal", "Recorded crime fell by 4 per cent across the county, with the largest falls in burglary and vehicle crime. Emergency calls were attended within the target time on 88 per cent of occasions in urban areas and 81 per cent in rural areas."),
    ("Heading 1", "7. Looking ahead to 2025/26"),
    ("Normal", "Next year we will extend the Community Conversations to include a session in every secondary school, complete the replacement of the custody suite at Harwick Central, and review the structure of our sector bases in the light of the new estates strategy."),
]

TABLE: list[tuple[str, str]] = [
    ("Measure", "2024/25"),
    ("Neighbourhoods with a named PCSO", "96 of 96"),
    ("Neighbourhood hours lost to other duties", "7.4%"),
    ("Problems worked through using SARA", "42"),
    ("Community Conversations held", "431"),
    ("Special constables at 31 March", "164"),
    ("Recorded crime (change on previous year)", "-4%"),
]


def build_annual_report() -> bytes:
    """Build the annual report as a .docx and return its (deterministic) bytes."""
    document = docx.Document()
    document.add_paragraph(TITLE, style="Title")
    for style, text in BODY:
        if style != "Table":
            document.add_paragraph(text, style=style)
            continue
        table = document.add_table(rows=len(TABLE), cols=2)
        table.style = "Table Grid"
        for row, values in zip(table.rows, TABLE, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    props = document.core_properties
    props.title = TITLE
    props.author = "Harwick Police Corporate Communications"
    props.last_modified_by = "Harwick Police Corporate Communications"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())


def main() -> None:
    path = EVAL_EN / "b2-annual-report.docx"
    path.write_bytes(build_annual_report())
    print(f"wrote {path.relative_to(EVAL_EN.parent.parent)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
