"""The layout of a subject's network as a server-drawn SVG: the subject in the centre,
the linked entities on a circle around them, a line to each.

Pure: it takes the links (subjects.NetworkLink) and returns coordinates and shapes the
template prints as SVG presentation attributes (the Content-Security-Policy allows no
inline style). Nothing rests on colour alone: each type of entity has its own shape and
its type written above its label; a solid line means shared reports (thicker for more),
a dashed one a link on the people index only.
"""

import math
from dataclasses import dataclass

from intelligence.models import EntityType

WIDTH, HEIGHT = 900, 620
CENTRE_X, CENTRE_Y = WIDTH / 2, HEIGHT / 2
# The entities sit on an ellipse, half on each side of the subject, evenly spaced from
# top to bottom, each labelled on the outside: labels then never meet.
RADIUS_X, RADIUS_Y = 220, 270
NODE_SIZE = 14
SUBJECT_SIZE = 26
LABEL_CHARACTERS = 26
LABEL_GAP = 22

# Shape, fill and the type in words; the fills are GOV.UK colours, dark enough for white
# and black outlines, but the shape and the words carry the meaning.
NODE_STYLES = {
    EntityType.PERSON: ("circle", "#1d70b8", "Person"),
    EntityType.LOCATION: ("square", "#00703c", "Location"),
    EntityType.VEHICLE: ("diamond", "#f47738", "Vehicle"),
    EntityType.TELEPHONE: ("triangle", "#4c2c92", "Telephone"),
    EntityType.ORGANISATION: ("hexagon", "#505a5f", "Organisation"),
}


@dataclass(frozen=True)
class Node:
    x: float
    y: float
    shape: str           # circle, square, diamond, triangle, hexagon
    fill: str
    points: str          # the polygon's points; empty for a circle
    size: float
    type_label: str
    label: str           # shortened to fit; the full label is in ``title``
    title: str
    label_x: float
    label_y: float
    anchor: str          # text-anchor: start, middle or end
    url: str


@dataclass(frozen=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    dashed: bool
    title: str


@dataclass(frozen=True)
class NetworkDiagram:
    width: int
    height: int
    subject: Node
    nodes: tuple
    edges: tuple


def _short(text, limit=LABEL_CHARACTERS):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _polygon(shape, x, y, size):
    if shape == "square":
        corners = [(-1, -1), (1, -1), (1, 1), (-1, 1)]
        size *= 0.9
    elif shape == "diamond":
        corners = [(0, -1.25), (1.25, 0), (0, 1.25), (-1.25, 0)]
    elif shape == "triangle":
        corners = [(0, -1.3), (1.2, 1), (-1.2, 1)]
    elif shape == "hexagon":
        corners = [(math.cos(math.pi / 3 * i), math.sin(math.pi / 3 * i)) for i in range(6)]
        size *= 1.15
    else:
        return ""
    return " ".join(f"{x + dx * size:.1f},{y + dy * size:.1f}" for dx, dy in corners)


def _edge_title(link, subject_label):
    return f"{subject_label} – {link.type_label} {link.label}: {'; '.join(link.relations)}"


def _positions(count):
    """(x, y, side) of each entity: the first half down the right, the rest down the
    left (side 1 or -1), most connected at the top."""
    right = (count + 1) // 2
    places = []
    for side, members in ((1, range(right)), (-1, range(count - right))):
        rows = len(members)
        for row in members:
            offset = (2 * (row + 0.5) / rows - 1) * RADIUS_Y  # -RADIUS_Y..RADIUS_Y
            y = CENTRE_Y + offset
            x = CENTRE_X + side * RADIUS_X * math.sqrt(max(0.0, 1 - (offset / RADIUS_Y) ** 2))
            places.append((x, y, side))
    return places


def network_layout(*, subject_label, subject_url="", links):
    """The diagram of the subject and ``links`` (already bounded by the caller)."""
    subject = Node(x=CENTRE_X, y=CENTRE_Y, shape="circle", fill="#ffdd00", points="",
                   size=SUBJECT_SIZE, type_label="Subject", label=_short(subject_label),
                   title=subject_label, label_x=CENTRE_X,
                   label_y=CENTRE_Y + SUBJECT_SIZE + 18, anchor="middle", url=subject_url)
    nodes, edges = [], []
    for link, (x, y, side) in zip(links, _positions(len(links)), strict=True):
        shape, fill, type_label = NODE_STYLES[EntityType(link.entity_type)]
        nodes.append(Node(x=round(x, 1), y=round(y, 1), shape=shape, fill=fill,
                          points=_polygon(shape, x, y, NODE_SIZE), size=NODE_SIZE,
                          type_label=type_label, label=_short(link.label),
                          title=f"{type_label}: {link.label}",
                          label_x=round(x + side * LABEL_GAP, 1), label_y=round(y - 3, 1),
                          anchor="start" if side > 0 else "end", url=link.url))
        # From the edge of the subject's circle to the edge of the node.
        length = math.hypot(x - CENTRE_X, y - CENTRE_Y)
        unit_x, unit_y = (x - CENTRE_X) / length, (y - CENTRE_Y) / length
        start, end = SUBJECT_SIZE + 2, length - NODE_SIZE - 4
        edges.append(Edge(
            x1=round(CENTRE_X + start * unit_x, 1), y1=round(CENTRE_Y + start * unit_y, 1),
            x2=round(CENTRE_X + end * unit_x, 1), y2=round(CENTRE_Y + end * unit_y, 1),
            width=1.5 + min(link.shared_reports, 4) if link.shared_reports else 1.5,
            dashed=not link.shared_reports,
            title=_edge_title(link, subject_label)))
    return NetworkDiagram(width=WIDTH, height=HEIGHT, subject=subject, nodes=tuple(nodes),
                          edges=tuple(edges))
