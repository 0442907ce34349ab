"""Short made-up news reports (not from the example) for the story tests.

Two different earthquakes (same kind of event, different places, people and
days), two reports of a football final, and a court ruling.
"""

from __future__ import annotations

QUAKE_A = [
    (
        "Strong earthquake shakes Izmir, dozens hurt",
        "A magnitude 6.6 earthquake struck off the coast of Izmir on October 30, 2020, toppling "
        "apartment blocks in the Bayrakli district. Governor Yavuz Selim Kosger said rescue teams "
        "pulled 70 people from the rubble. The quake was felt on the Greek island of Samos, where "
        "a tsunami flooded the harbour of Vathy.",
    ),
    (
        "Rescuers dig through rubble in Izmir after quake",
        "Rescue workers in Izmir searched collapsed buildings in Bayrakli through the night on October 30, 2020 "
        "after a 6.6 magnitude earthquake in the Aegean Sea. Governor Kosger said at least 70 people "
        "had been rescued. On Samos, the sea surged into Vathy and two teenagers died when a wall "
        "collapsed.",
    ),
    (
        "Aegean earthquake: Izmir buildings collapse, Samos flooded",
        "The Aegean earthquake of October 30, 2020 brought down buildings in Izmir's Bayrakli district, "
        "officials said. Kosger, the governor, put the number of people rescued at 70. Samos "
        "reported a small tsunami in Vathy harbour and damage to old houses.",
    ),
]

QUAKE_B = [
    (
        "Powerful earthquake hits Chiapas, Mexico",
        "A magnitude 8.2 earthquake struck off the coast of Chiapas on September 7, 2017, the strongest "
        "to hit Mexico in a century. Governor Manuel Velasco said houses collapsed in Juchitan, "
        "Oaxaca, where a hotel and the town hall fell. President Enrique Pena Nieto ordered "
        "schools closed in eleven states.",
    ),
    (
        "Mexico counts dead after 8.2 quake off Chiapas",
        "Mexico counted its dead on September 7, 2017 after an 8.2 magnitude earthquake off Chiapas "
        "shook buildings from Oaxaca to Mexico City. In Juchitan, the town hall collapsed. Pena "
        "Nieto said schools in eleven states would stay shut while engineers checked them. "
        "Velasco said dozens of homes were lost.",
    ),
    (
        "Juchitan in ruins after Chiapas earthquake",
        "Residents of Juchitan in Oaxaca slept outdoors on September 7, 2017 after the Chiapas earthquake, "
        "magnitude 8.2, brought down the town hall and a hotel. Pena Nieto visited the town and "
        "promised to rebuild. Velasco reported collapsed houses across Chiapas.",
    ),
]

FINAL = [
    (
        "Rovers win the cup final on penalties",
        "Rovers beat United on penalties in the cup final at Wembley on Saturday after a 2-2 draw. "
        "Goalkeeper Tom Hart saved two spot kicks and manager Ellen Price called it the best day "
        "of her career.",
    ),
    (
        "Hart the hero as Rovers take the cup",
        "Tom Hart saved twice in the shoot-out as Rovers won the cup at Wembley, the final having "
        "ended 2-2. Price, the Rovers manager, said her players had never given up.",
    ),
]

# One subject, two events four days apart (a walkout, then the deal that ends it),
# each reported by two outlets a day apart with their own headline and slant.
PORT_STRIKE = [
    (
        "2023-05-08",
        "Dockworkers walk out at Gdansk container terminal",
        "Dockworkers at the Gdansk container terminal walked off the job on Monday, halting "
        "cranes and leaving ships waiting at anchor. The Solidarity port union led by Marek "
        "Wozniak said members want a 12 percent raise. Terminal operator DCT said the walkout "
        "was illegal.",
    ),
    (
        "2023-05-09",
        "Union chaos strands ships in Gdansk",
        "Ships were stuck off Gdansk after union militants shut the container terminal on Monday "
        "over pay. Marek Wozniak, the Solidarity port union boss, demanded a 12 percent raise and "
        "refused to return to talks. DCT called the walkout illegal and warned of losses.",
    ),
    (
        "2023-05-12",
        "Gdansk port strike ends with 9 percent pay deal",
        "The strike at the Gdansk container terminal ended on Friday after DCT and the Solidarity "
        "port union signed a deal for a 9 percent raise. Marek Wozniak said cranes would restart "
        "overnight and the backlog of ships would clear within a week.",
    ),
    (
        "2023-05-13",
        "Wozniak claims victory as Gdansk dockers return",
        "Dockworkers returned to the Gdansk container terminal on Saturday after a pay agreement "
        "signed on Friday gave them a 9 percent raise. Union leader Marek Wozniak called the deal "
        "a victory; DCT said the backlog of ships would clear within a week.",
    ),
]

# Unrelated reports of the same days, so the corpus has more than one subject.
OTHER_NEWS = [
    (
        "2023-05-09",
        "Heatwave closes schools in Seville",
        "Schools in Seville closed early as temperatures passed 40 degrees, the regional "
        "government of Andalusia said, and hospitals opened cooling rooms.",
    ),
    (
        "2023-05-10",
        "Chess prodigy wins Reykjavik Open",
        "A schoolboy from Chennai won the Reykjavik Open chess tournament, beating "
        "three grandmasters in the final rounds.",
    ),
    (
        "2023-05-12",
        "Central bank of Chile holds rates at 11.25 percent",
        "The central bank of Chile kept its benchmark rate at 11.25 percent and said "
        "inflation was slowing faster than expected.",
    ),
]
