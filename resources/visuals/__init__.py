"""Server-rendered pictures of the directory: each module lays one out for a template.

scale.py (shade classes for counts), worldmap.py (country outlines and the choropleth),
matrix.py (regions by focus area), timeline.py (legal instruments over time),
relationships.py (what a record links to and from). No module queries the database
beyond what it is given; the counts come from resources/tallies.py.
"""
