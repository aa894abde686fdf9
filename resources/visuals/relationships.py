"""What a record links to and from, as a small diagram: the record on the left, linked
records on the right grouped by relation, arrows showing which way each link points.

The related records come from what ``relations.with_public_relations`` loaded: to-many
relations hold only published records, and to-one relations pass through ``public()``;
nothing here queries the database or decides visibility itself.
"""

from dataclasses import dataclass

from django.utils.translation import gettext

from resources import kinds, translations
from resources.relations import public

# Narrow enough that its text stays legible when a phone scales it down.
WIDTH = 480
CENTRE_X, CENTRE_W, CENTRE_H = 4, 150, 88
NODE_X, NODE_W, NODE_H = 216, 260, 30
LABEL_H, GAP, GROUP_GAP = 20, 6, 12
MAX_PER_GROUP = 6
NAME_LENGTH, CENTRE_LINE = 31, 18


@dataclass
class Node:
    href: str
    name: str
    label: str
    y: float  # top
    mid: float  # vertical centre
    curve: str  # path data of the connector from the record to this node

    @property
    def text_y(self):
        return self.mid + 5


@dataclass
class Group:
    label: str
    direction: str
    records: list  # every related record, for the list
    nodes: list  # those drawn
    more: int  # how many more than drawn
    label_y: float
    more_y: float


@dataclass
class Diagram:
    width: int
    height: float
    name_lines: list  # the record's name in up to four lines
    centre_y: float
    centre_mid: float
    groups: list

    @property
    def name_rows(self):
        """[(line, baseline y)], centred in the record's box."""
        first = self.centre_mid + 5 - 8 * (len(self.name_lines) - 1)
        return [(line, first + 16 * index) for index, line in enumerate(self.name_lines)]

    # The fixed geometry, for the template.
    centre_x, centre_w, centre_h = CENTRE_X, CENTRE_W, CENTRE_H
    node_x, node_w, node_h = NODE_X, NODE_W, NODE_H
    text_x = NODE_X + 8
    centre_text_x = CENTRE_X + 10


def related(entry):
    """[(relation label, direction, [published records])] for the entry's kind, empty ones left out."""
    kind = kinds.of(entry)
    to_one = set(kind.to_one)
    groups = []
    for name, label, direction in kind.diagram:
        if name in to_one:
            record = public(getattr(entry, name))
            records = [record] if record is not None else []
        else:
            records = list(getattr(entry, name).all())
        if records:
            groups.append((label, direction, records))
    return groups


def shorten(text, length):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def wrap(text, width=CENTRE_LINE, lines=4):
    """``text`` in up to ``lines`` lines of about ``width`` characters, the last shortened if need be."""
    result, words = [], []
    for word in text.split():
        # A name in a script written without spaces (Chinese) is cut where the line ends.
        words += [word[start : start + width] for start in range(0, len(word), width)]
    while words and len(result) < lines - 1:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= width:
            line += " " + words.pop(0)
        result.append(line)
    if words:
        result.append(shorten(" ".join(words), width))
    return result


def diagram(entry):
    """The laid-out diagram, or None when the record links to nothing published."""
    groups, y = [], 0.0
    for label, direction, records in related(entry):
        label_y = y + 14
        y += LABEL_H
        nodes = []
        for record in records[:MAX_PER_GROUP]:
            name = translations.shown(record, "name").text
            nodes.append(
                Node(
                    record.get_absolute_url(),
                    shorten(name, NAME_LENGTH),
                    # Translators: a relation ("Part of", "Adopted by") and the record it links to.
                    gettext("%(relation)s: %(record)s") % {"relation": label, "record": name},
                    y,
                    y + NODE_H / 2,
                    "",
                )
            )
            y += NODE_H + GAP
        more = max(0, len(records) - MAX_PER_GROUP)
        more_y = y + 12
        if more:
            y += LABEL_H
        groups.append(Group(label, direction, records, nodes, more, label_y, more_y))
        y += GROUP_GAP
    if not groups:
        return None
    height = max(y - GROUP_GAP, CENTRE_H)
    centre_y = (height - CENTRE_H) / 2
    centre_mid = centre_y + CENTRE_H / 2
    start, end = CENTRE_X + CENTRE_W, NODE_X
    bend = (start + end) / 2
    for group in groups:
        for node in group.nodes:
            ours, theirs = f"{start} {centre_mid:g}", f"{end} {node.mid:g}"
            near_ours, near_theirs = f"{bend} {centre_mid:g}", f"{bend} {node.mid:g}"
            if group.direction == "out":
                node.curve = f"M{ours}C{near_ours} {near_theirs} {theirs}"
            else:
                node.curve = f"M{theirs}C{near_theirs} {near_ours} {ours}"
    return Diagram(WIDTH, height, wrap(translations.shown(entry, "name").text), centre_y, centre_mid, groups)
