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
