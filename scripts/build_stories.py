#!/usr/bin/env python3
"""Write tests/stories/: the story files, manifest.json and expected.json.

Each story is its paragraphs and its entries; an entry names its line and the exact text
(with the occurrence on that line when the text repeats), so the 1-based columns are
computed here, never by hand.
"""
import datetime
import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "stories")


def slip(line, text, category, replacement, note, nth=1, optional=False, alternatives=None):
    e = {"line": line, "text": text, "category": category, "replacement": replacement,
         "note": note, "nth": nth}
    if optional:
        e["optional"] = True
    if alternatives:
        e["alternatives"] = alternatives
    return e


def trap(line, text, categories, note, nth=1):
    return {"line": line, "text": text, "category": "trap", "expect": "no finding",
            "trap_categories": categories, "note": note, "nth": nth}


STORIES = [
    {
        "file": "05-sacramento-wildfire-fund.txt",
        "profile": "ap",
        "date": "2025-07-17",
        "paragraphs": [
            "SACRAMENTO (AP) — California lawmakers approved a $2,500,000 wildfire prevention fund Wednesday, sending the measure to Gov. Gavin Newsom after a 61-14 vote in the Assembly.",
            "The fund will pay for crews to clear brush along 9 miles of ridgeline near Paradise, Calif., where a 2018 fire killed 85 people.",
            "Assemblywoman Rosa Delgado, who wrote the bill, said crews would begin work Aug. 1st and finish by the 15th of October.",
            "\"We have been lucky for two summers, and luck is not a plan,\" Delgado said. The state's fire agency said 7% of its budget now goes to prevention, up from 4% in the 1990's.",
            "Republican state Sen. Brian Dahle claimed the fund duplicated federal grants.",
            "The measure takes effect at 12:00 a.m. on Sept. 1, 2025 if Newsom signs it.",
            "The agency plans to hire 350 seasonal firefighters towards the end of the month.",
        ],
        "entries": [
            slip(1, "SACRAMENTO (AP) —", "dateline", "SACRAMENTO, Calif. (AP) —", "Cities off the stand-alone list take their state (DL-004)"),
            slip(1, "$2,500,000", "number", "$2.5 million", "Round millions as figure + million (NU-006)"),
            trap(1, "61-14", ["number"], "Vote tallies take figures (NU-002)"),
            trap(2, "9 miles", ["number"], "Distances take figures (NU-002)"),
            slip(2, "Paradise, Calif.", "usage", "Paradise", "Same state as the dateline; AP spells out states in body text anyway (US-020/021)", alternatives=["Paradise, California"]),
            slip(3, "Aug. 1st", "date", "Aug. 1", "No ordinal suffix (DT-004)"),
            slip(3, "the 15th of October", "date", "Oct. 15", "No 'the 15th of October' (DT-004)"),
            trap(4, "7%", ["number"], "Correct AP percentage (NU-004)"),
            slip(4, "1990's", "date", "1990s", "No apostrophe in decades (DT-012)"),
            trap(5, "state Sen. Brian Dahle", ["title"], "'state' stays lowercase before a title (TI-003)"),
            slip(5, "claimed", "usage", "said", "'claimed' implies doubt (US-002)"),
            slip(6, "12:00 a.m.", "date", "midnight", "Midnight, not 12 a.m. (DT-010)"),
            slip(6, "2025", "date", "2025,", "Comma after the year mid-sentence (DT-008)"),
            slip(7, "towards", "usage", "toward", "American form toward (US-006)", optional=True),
        ],
    },
    {
        "file": "06-lahaina-rebuilding.txt",
        "profile": "ap",
        "date": "2025-08-20",
        "paragraphs": [
            "LAHAINA, Maui (AP) - Rebuilding permits in this historic town have reached 1,200, two years after a wildfire destroyed much of it, county officials said Tuesday.",
            "Maui County Mayor Richard Bissen said 3 in 10 lots have been cleared and that the county hopes to issue 500 more permits by Dec. 31st.",
            "The fire killed 102 people on Aug. 8, 2023. Survivors have since moved to Kihei, Kahului and Honolulu, or left the state for Las Vegas, NV, where many have relatives.",
            "Maui County Department of Housing and Human Concerns Director Lori Tsuhako said a state report released in August found that the county's rental market had never recovered.",
            "Lifelong resident Keoni Kahale, a fourth-generation fisherman, said his family's 100-year-old home was the 2nd house on his street to burn. He called rebuilding \"a marathon\".",
            "Mayor Bissen said permit fees will be waived through the end of 2026, and the county will hold a workshop Thursday at 6:00 p.m. at the Lahaina Civic Center.",
            "Music from the ‘70s played as volunteers handed out meals outside the center.",
        ],
        "entries": [
            slip(1, "LAHAINA, Maui (AP) -", "dateline", "LAHAINA, Hawaii (AP) —", "Hawaii towns take the state, not the island; spaced em dash (DL-006/009)"),
            trap(1, "Tuesday", ["date"], "Weekday within the week is correct (DT-007)"),
            trap(2, "Maui County Mayor Richard Bissen", ["title"], "Formal title before a name (TI-001)"),
            trap(2, "3 in 10", ["number"], "Ratios take figures (NU-002)"),
            slip(2, "Dec. 31st", "date", "Dec. 31", "No ordinal suffix (DT-004)"),
            trap(3, "Aug. 8, 2023.", ["date", "punctuation"], "Full date at the end of a sentence needs no extra comma (DT-008)"),
            slip(3, "Las Vegas, NV", "usage", "Las Vegas", "Never a postal code; Las Vegas stands alone (US-021/022)", alternatives=["Las Vegas, Nevada"]),
            slip(4, "Maui County Department of Housing and Human Concerns Director Lori Tsuhako", "title", "Lori Tsuhako, the county's housing director,", "Long titles go after the name (TI-011)", optional=True),
            trap(4, "in August", ["date"], "Month alone is spelled out (DT-003)"),
            slip(5, "2nd", "number", "second", "Spell out first to ninth (NU-008)"),
            slip(5, "\".", "punctuation", ".\"", "Periods go inside quotation marks (PU-004)"),
            slip(6, "Mayor Bissen", "reference", "Bissen", "Later reference: surname only (RF-002)"),
            slip(6, "6:00 p.m.", "date", "6 p.m.", "No :00 on the hour (DT-009)"),
            slip(7, "‘70s", "punctuation", "’70s", "Apostrophe for omitted digits is a right single quote (PU-003)"),
        ],
    },
    {
        "file": "07-kyiv-odesa-strike.txt",
        "profile": "ap",
        "date": "2025-10-15",
        "paragraphs": [
            "KYIV (AP) — Ukraine's president urged allies Wednesday to speed up deliveries of air defense systems after a Russian drone attack on the port city of Odessa killed 4 people overnight.",
            "President Volodymyr Zelenskiy said in his nightly video address that Russia had launched more than 400 drones and 30 missiles across the country since Sunday.",
            "Zelenskyy, who met former President Donald Trump at the White House in August, said the attacks showed that Moscow was not interested in a ceasefire.",
            "Kremlin spokesman Dmitri Peskov said Moscow remained open to talks but would not accept \"ultimatums.\"",
            "Aid groups said the strikes left 3,000 households in the south of the Ukraine without heat as temperatures fell to 3 degrees.",
            "A restaurant near the harbor that has served chicken Kiev since the 1970s reopened Tuesday, its owner said.",
            "The attack was the largest on the city since spring—and the third this month.",
        ],
        "entries": [
            slip(1, "KYIV (AP) —", "dateline", "KYIV, Ukraine (AP) —", "Kyiv is not on AP's international stand-alone list (DL-007)"),
            trap(1, "Ukraine's president", ["title"], "A title standing alone is lowercase (TI-002)"),
            slip(1, "Odessa", "name", "Odesa", "Current place form Odesa (NM-002)"),
            slip(1, "4 people", "number", "four people", "Spell out numbers below 10 (NU-001)"),
            slip(2, "Zelenskiy", "name", "Zelenskyy", "AP spelling is Zelenskyy; Zelenskiy is Reuters' (NM-001)"),
            slip(3, "former President Donald Trump", "title", "President Donald Trump", "Trump is the sitting president on the story's date (TI-008)"),
            trap(4, "Kremlin spokesman", ["title"], "Occupational description stays lowercase (TI-009)"),
            slip(4, "Dmitri Peskov", "name", "Dmitry Peskov", "House spelling Dmitry Peskov (NM-003)"),
            slip(5, "the Ukraine", "usage", "Ukraine", "Ukraine, never 'the Ukraine' (US-007)"),
            trap(5, "3 degrees", ["number"], "Temperatures take figures (NU-002)"),
            trap(6, "chicken Kiev", ["name"], "Fixed expression keeps the old form (NM-002)"),
            trap(6, "1970s", ["date"], "Correct decade (DT-012)"),
            slip(7, "—", "punctuation", " — ", "AP spaces the em dash (PU-001)"),
        ],
    },
    {
        "file": "08-austin-grid-bill.txt",
        "profile": "ap",
        "date": "2025-04-09",
        "paragraphs": [
            "Austin, TX (AP) — Texas lawmakers on Tuesday advanced a bill that would require power plants to winterize equipment, four years after a February storm left millions of people without electricity for days.",
            "The House voted 98-47 after a 6-hour debate. Rep. Ana Morales, a Democrat from El Paso, said the measure would cost utilities about $1.2bn over 10 years.",
            "Morales noted that the 2021 storm killed 246 people, according to state figures. \"We cannot go through that again,\" she said.",
            "Gov. Greg Abbott, a Republican, has said he will sign the bill. Abbott's office said the Governor would review the final text.",
            "Abbott has worked closely with Pres. Trump on border security but has broken with the White House on energy rules.",
            "Grid operator ERCOT projects demand will peak at 87,000 megawatts this summer. Its chief executive, Pablo Vegas, said reserves were adequate.",
            "Critics including state Sen. Lois Kolkhorst said the 8 percent rate increase allowed in the bill was too steep for families in Houston, Dallas and San Antonio.",
            "The Senate is expected to take up the bill Thursday, Apr. 10. Similar rules were adopted in Tulsa, Okla., in 2022.",
        ],
        "entries": [
            slip(1, "Austin, TX (AP) —", "dateline", "AUSTIN, Texas (AP) —", "Caps city; Texas is spelled out, never a postal code (DL-002/005)"),
            trap(1, "February storm", ["date"], "A month alone is spelled out (DT-003)"),
            trap(2, "98-47", ["number"], "Vote tallies take figures (NU-002)"),
            slip(2, "6-hour", "number", "six-hour", "Spell out numbers below 10 (NU-001)"),
            slip(2, "$1.2bn", "number", "$1.2 billion", "No bn abbreviation in text (NU-006)"),
            slip(3, "noted", "usage", "said", "Endorsing verb; prefer said (US-002)", optional=True),
            slip(4, "Governor", "title", "governor", "A title standing alone is lowercase (TI-002)"),
            slip(5, "Pres. Trump", "title", "President Donald Trump", "Never abbreviate President (TI-007)"),
            trap(6, "87,000 megawatts", ["number"], "Correct number form (NU-007)"),
            trap(6, "chief executive", ["title"], "Title after a name is lowercase (TI-012)"),
            trap(7, "state Sen. Lois Kolkhorst", ["title"], "'state' stays lowercase before a title (TI-003)"),
            slip(7, "8 percent", "number", "8%", "AP uses % with figures (NU-004)"),
            trap(7, "Houston, Dallas and San Antonio", ["usage", "punctuation"], "Stand-alone cities need no state; no serial comma (US-021, US-003)"),
            trap(8, "Thursday", ["date"], "April 10, 2025 is a Thursday (DT-006)"),
            slip(8, "Apr. 10", "date", "April 10", "April is never abbreviated (DT-002)"),
            slip(8, "Tulsa, Okla.", "usage", "Tulsa, Oklahoma", "AP spells out state names in body text (US-020)"),
        ],
    },
    {
        "file": "09-chicago-transit-fares.txt",
        "profile": "ap",
        "date": "2025-03-04",
        "paragraphs": [
            "CHICAGO, March 4 (AP) — The Chicago Transit Authority will raise fares by 25 cents in July, mayor Brandon Johnson said Tuesday, the first increase since Jan. 2018.",
            "Johnson said the increase, which takes effect Monday, July 1, would raise about $40 million a year for repairs.",
            "18 rail stations need new elevators, and the agency's 2 oldest lines date to the 1890s, according to an agency report.",
            "The board will vote at 12 p.m. on March 19. Buses will be limited to five mph in work zones, while trains will slow to 35 mph.",
            "A seven-year-old boy was hurt last month when a train door closed on his arm, his mother, Dana Reyes, 34, said. Johnson said he spoke with the family yesterday.",
            "Bulls Head Coach Billy Donovan said the team would pay for extra trains on game days.",
            "A similar increase in Madison, Wisconsin last year cut ridership by 6%. Service alerts will be posted at 11:00 AM daily at transitchicago.com/alerts.",
        ],
        "entries": [
            slip(1, "CHICAGO, March 4 (AP) —", "dateline", "CHICAGO (AP) —", "AP datelines carry no date (DL-008)"),
            trap(1, "25 cents", ["number"], "Money takes figures (NU-002)"),
            trap(1, "in July", ["date"], "Month alone is spelled out (DT-003)"),
            slip(1, "mayor Brandon Johnson", "title", "Mayor Brandon Johnson", "Formal title directly before a name is capitalised (TI-001)"),
            slip(1, "Jan. 2018", "date", "January 2018", "Month with a year only is spelled out (DT-003)"),
            slip(2, "Monday", "date", "Tuesday", "July 1, 2025 is a Tuesday (DT-006)"),
            slip(3, "18", "number", "Eighteen", "Spell out a number at the start of a sentence (NU-003)"),
            slip(3, "2 oldest", "number", "two oldest", "Spell out numbers below 10 (NU-001)"),
            trap(3, "1890s", ["date"], "Correct decade (DT-012)"),
            slip(4, "12 p.m.", "date", "noon", "Noon, not 12 p.m. (DT-010)"),
            trap(4, "March 19", ["date"], "March is never abbreviated (DT-002)"),
            slip(4, "five mph", "number", "5 mph", "Speeds take figures (NU-010)"),
            trap(4, "35 mph", ["number"], "Speeds take figures (NU-002)"),
            slip(5, "seven-year-old", "number", "7-year-old", "Ages take figures (NU-005)"),
            trap(5, "34", ["number"], "Ages take figures (NU-005)"),
            slip(5, "yesterday", "date", "Monday", "Use the weekday (DT-007)", optional=True),
            slip(6, "Head Coach", "title", "head coach", "Occupational descriptions are lowercase (TI-009)"),
            slip(7, "Wisconsin", "punctuation", "Wisconsin,", "Comma after the state mid-sentence (PU-005)"),
            trap(7, "6%", ["number"], "Correct AP percentage (NU-004)"),
            slip(7, "11:00 AM", "date", "11 a.m.", "Lowercase a.m., no :00 (DT-009)"),
            trap(7, "transitchicago.com/alerts", ["usage", "punctuation", "number"], "URLs are never touched"),
        ],
    },
    {
        "file": "10-columbus-chip-plant.txt",
        "profile": "ap",
        "date": "2025-11-12",
        "paragraphs": [
            "COLUMBUS, Ohio (AP) — Intel Corp. said Wednesday it will delay the opening of its $28 billion chip plant near Columbus until 2031, the 3rd delay since construction began.",
            "The project was announced in January 2022 and celebrated at a groundbreaking attended by President Joe Biden that September.",
            "Vice President J.D. Vance, a former Ohio senator, said in a statement that the delay was disappointing but that the plant would be built.",
            "Intel spokesman Will Hamilton said the company would keep about 300 workers at the site and present a revised timeline to state officials on December 3.",
            "Gov. Mike DeWine said the state had spent $2.1 billion on roads and water lines for the plant. Gov. DeWine said he remained confident. Senator Bernie Moreno, a Republican, called the delay \"a setback, not a surrender.\"",
            "Supporters in Cleveland, Ohio, and Cincinnati said the jobs were still worth the wait. The plant is central to the US effort to make more chips at home.",
            "Construction crews worked on the site until 10 p.m. Tuesday, a union representative said.",
        ],
        "entries": [
            trap(1, "COLUMBUS, Ohio (AP) —", ["dateline", "punctuation"], "Correct AP dateline: Ohio is spelled out (DL-004/005)"),
            trap(1, "$28 billion", ["number"], "Correct money form (NU-006)"),
            slip(1, "3rd", "number", "third", "Spell out first to ninth (NU-008)"),
            trap(2, "January 2022", ["date"], "Month with a year only, spelled out (DT-003)"),
            slip(2, "President Joe Biden", "title", "former President Joe Biden", "Biden left office Jan. 20, 2025 (TI-008)"),
            slip(3, "J.D. Vance", "name", "JD Vance", "AP writes JD Vance (NM-003)"),
            trap(3, "former Ohio senator", ["title"], "Title standing alone is lowercase (TI-002/003)"),
            trap(4, "spokesman Will Hamilton", ["title"], "Occupational description stays lowercase (TI-009)"),
            slip(4, "December 3", "date", "Dec. 3", "Abbreviate December with a date (DT-001)"),
            slip(5, "Gov. DeWine", "reference", "DeWine", "Later reference: surname only (RF-002)"),
            slip(5, "Senator Bernie Moreno", "title", "Sen. Bernie Moreno", "AP abbreviates Sen. before a full name (TI-005)"),
            slip(6, "Cleveland, Ohio", "usage", "Cleveland", "Stand-alone city in the dateline's state takes no state (US-021)"),
            slip(6, "US", "usage", "U.S.", "AP: U.S. with periods (US-001)"),
            trap(7, "10 p.m.", ["date"], "Correct time form (DT-009)"),
        ],
    },
    {
        "file": "11-reuters-brussels-steel.txt",
        "profile": "reuters",
        "date": "2025-09-12",
        "paragraphs": [
            "BRUSSELS, Sept. 12 (Reuters) - The European Commission proposed on Friday to raise tariffs on Chinese steel by 15 per cent, the latest step in a dispute over cheap imports.",
            "Commission President Ursula Von der Leyen told lawmakers in Strasbourg the measure was needed to protect 300,000 jobs.",
            "The proposal needs the backing of a majority of the EU's 27 member states. Diplomats said a vote could come by Oct. 15.",
            "Chinese officials maintained that the country's steel subsidies complied with World Trade Organization rules.",
            "Steel imports from China rose to 4.2 million tonnes in the first half of 2025, according to the European Steel Association, amongst the highest levels on record.",
            "The tariffs were first discussed under Former Trade Commissioner Phil Hogan in 2019. German Chancellor Friedrich Merz said on Thursday that Europe should avoid a trade war.",
            "British Prime Minister Keir Starmer said the UK would set its own tariffs. ArcelorMittal, the largest steelmaker in Europe, employs 125000 people worldwide.",
        ],
        "entries": [
            slip(1, "BRUSSELS, Sept. 12 (Reuters) -", "dateline", "BRUSSELS, Sept 12 (Reuters) -", "Reuters dateline months take no full stop (DL-010)"),
            trap(1, "on Friday", ["date"], "Weekday within the week is correct (DT-007)"),
            slip(1, "15 per cent", "usage", "15%", "percent is one word; per cent is British (US-005)"),
            slip(2, "Ursula Von der Leyen", "name", "Ursula von der Leyen", "Lowercase von mid-sentence (NM-003)"),
            trap(3, "EU's", ["usage"], "EU takes no stops (US-001)"),
            trap(3, "Oct. 15", ["date"], "Reuters body text abbreviates months with a stop (DT-015)"),
            slip(4, "maintained", "usage", "said", "'maintained' implies doubt (US-002)"),
            slip(5, "amongst", "usage", "among", "American form among (US-006)", optional=True),
            slip(6, "Former", "title", "former", "'former' is lowercase before a title (TI-003)"),
            trap(6, "German Chancellor Friedrich Merz", ["title", "name"], "Merz is the sitting chancellor (TI-008)"),
            trap(7, "UK", ["usage"], "Reuters writes UK without stops (US-001)"),
            slip(7, "125000", "number", "125,000", "Comma in figures of 1,000 and above (NU-007)"),
        ],
    },
    {
        "file": "12-reuters-london-energy-bills.txt",
        "profile": "reuters",
        "date": "2025-11-18",
        "paragraphs": [
            "LONDON, 18th Nov (Reuters) - British Prime Minister Kier Starmer said on Tuesday his government would cut household energy bills by an average of 150 pounds a year from April.",
            "Starmer made the announcement at a factory in Leeds, where he was joined by Energy Secretary Ed Miliband.",
            "The plan drew fire from Prime Minister Rishi Sunak, who lost to Starmer in July 2024 and called it \"unfunded\".",
            "Inflation was 3.8 % in October, the Office for National Statistics said, nearly twice the Bank of England's 2% target.",
            "Bank of England Governor Andrew Bailey has warned that energy costs could keep inflation above target until 2027.",
            "The government will spend 1.5 billion pounds on the scheme and expects 7 million households to benefit.",
            "A Treasury spokesperson said the measure would be paid for by a windfall tax on energy companies, which Mr Starmer had promised during the 2024 campaign.",
        ],
        "entries": [
            slip(1, "LONDON, 18th Nov (Reuters) -", "dateline", "LONDON, Nov 18 (Reuters) -", "Reuters dateline date is 'Nov 18', no ordinal (DL-010)"),
            slip(1, "Kier Starmer", "name", "Keir Starmer", "Common misspelling (NM-003)"),
            trap(1, "from April", ["date"], "Month alone is spelled out (DT-003)"),
            trap(2, "Energy Secretary Ed Miliband", ["title"], "Formal title before a name (TI-001)"),
            slip(3, "Prime Minister Rishi Sunak", "title", "former Prime Minister Rishi Sunak", "Sunak left office July 5, 2024 (TI-008)"),
            trap(3, "July 2024", ["date"], "Month with a year only, spelled out (DT-003)"),
            slip(3, "\".", "punctuation", ".\"", "Periods go inside quotation marks (PU-004)"),
            slip(4, "3.8 %", "number", "3.8%", "No space before % (NU-004, PU-006)"),
            trap(4, "2%", ["number"], "Correct percentage (NU-004)"),
            trap(5, "Bank of England Governor Andrew Bailey", ["title"], "Central bank governor is not abbreviated (TI-005)"),
            trap(6, "7 million", ["number"], "Millions take figures (NU-006)"),
            slip(7, "Mr Starmer", "title", "Starmer", "Reuters: courtesy titles only in quotes (TI-010)"),
        ],
    },
    {
        "file": "13-reuters-washington-syria-sanctions.txt",
        "profile": "reuters",
        "date": "2025-11-26",
        "paragraphs": [
            "WASHINGTON, Nov 26 (Reuters): The United States will lift remaining sanctions on Syria's central bank, Secretary of State Marco Rubio said on Wednesday, a year after the fall of Bashar Assad.",
            "Rubio said the decision followed talks with Syria's president at the White House on Nov. 10.",
            "Treasury Secretary Scott Bessent said US companies would be allowed to do business with Syrian banks from Dec. 1st.",
            "Bessent noted that 90% of Syrians live below the poverty line, according to the UN.",
            "Lavrov, speaking in Moscow, said Russia would keep its naval base at Tartus.",
            "The sanctions were tightened in 2011 when government forces cracked down on protesters in Damascus, Homs, and Aleppo.",
            "Syria's economy has shrunk by more than half since the 2010's, the World Bank estimates.",
        ],
        "entries": [
            slip(1, "WASHINGTON, Nov 26 (Reuters):", "dateline", "WASHINGTON, Nov 26 (Reuters) -", "Credit then a spaced dash, not a colon (DL-011)"),
            trap(1, "Secretary of State Marco Rubio", ["title"], "Formal title before a name (TI-001)"),
            slip(1, "Bashar Assad", "name", "Bashar al-Assad", "Reuters writes Bashar al-Assad; Bashar Assad is AP's (NM-001)"),
            trap(2, "Nov. 10", ["date"], "Reuters body text abbreviates months with a stop (DT-015)"),
            slip(3, "US", "usage", "U.S.", "Reuters: U.S. with stops (US-001)"),
            slip(3, "Dec. 1st", "date", "Dec. 1", "No ordinal suffix (DT-004)"),
            slip(4, "noted", "usage", "said", "Endorsing verb; prefer said (US-002)", optional=True),
            trap(4, "90%", ["number"], "Correct percentage (NU-004)"),
            slip(4, "UN", "usage", "U.N.", "Reuters: U.N. with stops (US-001)"),
            slip(5, "Lavrov", "reference", "Russian Foreign Minister Sergei Lavrov", "First reference needs the full name (RF-001)"),
            slip(6, "Homs, and", "punctuation", "Homs and", "No serial comma in a simple series (US-003)"),
            slip(7, "2010's", "date", "2010s", "No apostrophe in decades (DT-012)"),
        ],
    },
    {
        "file": "14-reuters-arnhem-chipmaker.txt",
        "profile": "reuters",
        "date": "2025-05-16",
        "paragraphs": [
            "ARNHEM, Netherlands, May 16 (Reuters) - A Dutch court on Friday ordered chipmaker Voltra Semiconductors to reinstate its ousted chief executive, in a ruling that could reshape a dispute between the Netherlands and China over control of the company.",
            "Judges at the Enterprise Chamber said the board had acted improperly when it removed Zhang Wei, its Former Chief Executive, in March.",
            "The ruling takes effect Jul. 1, the court said.",
            "Voltra's chairman, Pieter de Vries, said the board would appeal and that it had acted \"in the interests of all 14,000 employees.\"",
            "Dutch Prime Minister Dick Schoof said on Thursday the government would not intervene whilst the case was before the courts.",
            "Shares in Voltra fell 4% in Amsterdam trading. The company runs 5 factories in Europe and Asia and employs 3,500 people in the Netherlands.",
            "A hearing on the appeal is set for 9:00 a.m. on June 3.",
        ],
        "entries": [
            trap(1, "ARNHEM, Netherlands, May 16 (Reuters) - ", ["dateline", "date", "punctuation"], "Correct Reuters dateline with country (DL-010/011)"),
            trap(1, "chief executive", ["title"], "Occupational title lowercase (TI-012)"),
            slip(2, "Former Chief Executive", "title", "former chief executive", "Title after the name is lowercase (TI-012, TI-003)"),
            trap(2, "in March", ["date"], "Month alone is spelled out (DT-016)"),
            slip(3, "Jul. 1", "date", "July 1", "July is never abbreviated (DT-002)"),
            trap(4, "chairman", ["title"], "Title after a name is lowercase (TI-012)"),
            trap(5, "Dutch Prime Minister Dick Schoof", ["title"], "Schoof is the sitting prime minister (TI-008)"),
            slip(5, "whilst", "usage", "while", "American form while (US-006)", optional=True),
            trap(6, "4%", ["number"], "Correct percentage (NU-004)"),
            slip(6, "5 factories", "number", "five factories", "Spell out numbers below 10 (NU-001)"),
            slip(7, "9:00 a.m.", "date", "9 a.m.", "No :00 on the hour (DT-009)"),
        ],
    },
]


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest, expected = [], []
    for story in STORIES:
        text = "\n".join(story["paragraphs"]) + "\n"
        with open(os.path.join(OUT, story["file"]), "w", encoding="utf-8") as f:
            f.write(text)
        manifest.append({
            "file": story["file"],
            "profile": story["profile"],
            "document_date": story["date"],
            "words": len(text.split()),
        })
        datetime.date.fromisoformat(story["date"])
        for e in story["entries"]:
            line = story["paragraphs"][e["line"] - 1]
            start = -1
            for _ in range(e["nth"]):
                start = line.find(e["text"], start + 1)
                if start < 0:
                    raise SystemExit(f"{story['file']}:{e['line']}: {e['text']!r} not found")
            out = {"file": story["file"], "line": e["line"], "start_col": start + 1,
                   "end_col": start + 1 + len(e["text"]), "text": e["text"],
                   "category": e["category"]}
            if e["category"] == "trap":
                out["expect"] = "no finding"
                out["trap_categories"] = e["trap_categories"]
            else:
                out["replacement"] = e["replacement"]
            out["profile"] = story["profile"]
            out["note"] = e["note"]
            for k in ("optional", "alternatives"):
                if k in e:
                    out[k] = e[k]
            expected.append(out)
    with open(os.path.join(OUT, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(manifest)} stories, {len(expected)} entries")


if __name__ == "__main__":
    main()
