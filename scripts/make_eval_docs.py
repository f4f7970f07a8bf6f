#!/usr/bin/env python3
"""Regenerate the Word document of the English evaluation set in ``eval/en/``.

Run from anywhere: ``python scripts/make_eval_docs.py``. It writes, from the text kept below,

* ``eval/en/b2-annual-report.docx``     - a fictional force's past-tense annual report on neighbourhood policing
  (Title, Heading 1, Normal and List Bullet paragraphs, a table);
* ``eval/en/a4-ministry-framework.docx`` - a fictional ministry's local policing framework (Title, Heading 1,
  Heading 2, List Number paragraphs, a table).

Their labels are in ``eval/en/<name>.labels.json``: if you change the text here, re-check every label and
evidence string (``python scripts/check_eval.py``).

Output is byte-for-byte deterministic (fixed core properties and zip timestamps, as in make_samples.py).
"""

from __future__ import annotations

from pathlib import Path

import docx
from make_samples import saved

EVAL_EN = Path(__file__).resolve().parent.parent / "eval" / "en"

ANNUAL_TITLE = "Harwick Police Annual Report 2024/25: Local Policing"

# (style, text) paragraphs in order; "Table" marks where the table goes.
ANNUAL_BODY: list[tuple[str, str]] = [
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

ANNUAL_TABLE: list[tuple[str, ...]] = [
    ("Measure", "2024/25"),
    ("Neighbourhoods with a named PCSO", "96 of 96"),
    ("Neighbourhood hours lost to other duties", "7.4%"),
    ("Problems worked through using SARA", "42"),
    ("Community Conversations held", "431"),
    ("Special constables at 31 March", "164"),
    ("Recorded crime (change on previous year)", "-4%"),
]


FRAMEWORK_TITLE = "Local Policing Framework for Wales and the Borders 2026-2031"

FRAMEWORK_BODY: list[tuple[str, str]] = [
    ("Normal", "Ministry for Policing and Communities. Framework document FD/2026/04, issued 30 March 2026 to chief constables and police and crime commissioners."),
    ("Heading 1", "Part A: Why a framework is needed"),
    ("Normal", "Local policing in the region has been under sustained pressure. Between 2015 and 2024 the number of officers in neighbourhood roles fell by almost a third, while calls about mental health, missing people and online harm rose sharply. The Ministry has agreed with chief constables and commissioners that the decline must be reversed, and that the public should be able to see that it has been."),
    ("Normal", "This framework describes the outcomes the Ministry expects to see by 2031 and the practices forces are expected to adopt in order to achieve them. It does not prescribe how forces organise themselves, which remains a matter for chief constables."),
    ("Heading 1", "Part B: Outcomes and expectations"),
    ("Heading 2", "Outcome 1: People know their local police"),
    ("List Number", "Forces should ensure that each neighbourhood has an identified officer who is responsible for it."),
    ("List Number", "The Ministry will publish each quarter the number of officers in neighbourhood roles in each force, drawn from the workforce census."),
    ("List Number", "Patrols will be guided by evidence. Using crime and incident records, forces will pinpoint the handful of small areas in which harm clusters and will concentrate officers on foot there during the hours and on the days when the risk is highest. Every such deployment will be assessed within 90 days to establish whether it has worked."),
    ("List Number", "Residents will have a say in local policing four times a year. In each neighbourhood a community meeting, which people may attend in person or join online, will agree what the local team should focus on, and at every meeting the team will account for what it did about the matters agreed last time."),
    ("Heading 2", "Outcome 2: Problems are solved with partners"),
    ("List Number", "Forces and local authorities should work together on persistent local problems using a joint problem-solving approach."),
    ("List Number", "Written protocols for sharing information will be in place between each force and the local authorities, social landlords, health bodies and schools in its area. The protocols will cover anti-social behaviour and people at risk, and each partner will nominate one named contact for requests made under them."),
    ("List Number", "Neighbourhood teams should make use of council premises, such as libraries and community hubs, for regular drop-in surgeries."),
    ("Heading 2", "Outcome 3: Officers are equipped and the public are informed"),
    ("List Number", "By March 2028, every neighbourhood officer and PCSO will carry a mobile device with full access to the force's crime, intelligence and case systems, so that reports, statements and intelligence can be completed while they are out in the community."),
    ("List Number", "Forces will publish recorded crime figures for each neighbourhood on the national police data website."),
    ("List Number", "The Ministry will work with forces to improve the 101 non-emergency telephone service, with the aim of answering 90 per cent of calls within three minutes."),
    ("Heading 2", "Outcome 4: A skilled and growing neighbourhood workforce"),
    ("List Number", "The College of Policing will review the national neighbourhood policing curriculum in 2027."),
    ("List Number", "Forces will increase the number of special constables attached to neighbourhood teams by at least a quarter over the life of the framework."),
    ("Heading 1", "Part C: Funding"),
    ("Normal", "The Ministry will provide £38 million over five years through the Local Policing Grant, allocated to forces by population and deprivation. Forces will be expected to maintain their own spending on neighbourhood policing in real terms."),
    ("Table", ""),
    ("Heading 1", "Part D: Assurance"),
    ("Normal", "Commissioners will hold chief constables to account for delivery of this framework. The Ministry will meet commissioners twice a year to review progress, and will commission an independent evaluation in 2029."),
    ("Normal", "Where a force is not making progress, the Ministry may ask the inspectorate to carry out a targeted inspection."),
    ("Normal", "The framework will be reviewed in 2029 in the light of the evaluation. Before any revision is made, the Ministry will consult forces, commissioners, local authorities and the public."),
]

FRAMEWORK_TABLE: list[tuple[str, ...]] = [
    ("Year", "Local Policing Grant"),
    ("2026/27", "£6.0 million"),
    ("2027/28", "£7.5 million"),
    ("2028/29", "£8.0 million"),
    ("2029/30", "£8.0 million"),
    ("2030/31", "£8.5 million"),
]

# file name -> (title, author, body, table)
DOCUMENTS: dict[str, tuple[str, str, list[tuple[str, str]], list[tuple[str, ...]]]] = {
    "b2-annual-report.docx": (ANNUAL_TITLE, "Harwick Police Corporate Communications", ANNUAL_BODY, ANNUAL_TABLE),
    "a4-ministry-framework.docx": (FRAMEWORK_TITLE, "Ministry for Policing and Communities", FRAMEWORK_BODY, FRAMEWORK_TABLE),
}


def build_document(title: str, author: str, body: list[tuple[str, str]], rows: list[tuple[str, ...]]) -> bytes:
    """Build one .docx (a Title, then ``body`` with the table at its "Table" marker) and return its bytes."""
    document = docx.Document()
    document.add_paragraph(title, style="Title")
    for style, text in body:
        if style != "Table":
            document.add_paragraph(text, style=style)
            continue
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for row, values in zip(table.rows, rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    return saved(document, title, author)


def main() -> None:
    for name, parts in DOCUMENTS.items():
        path = EVAL_EN / name
        path.write_bytes(build_document(*parts))
        print(f"wrote {path.relative_to(EVAL_EN.parent.parent)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
