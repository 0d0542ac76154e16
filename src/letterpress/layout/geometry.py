"""Page geometry: paper sizes, margins and type sizes, in one place.

Millimetres appear only in the named constants below and are converted to points here.
The left margin of 25 mm and right of 20 mm follow DIN 5008 (letter layout, clause on
margins); the letterhead sits in the top 45 mm as in DIN 5008 form B's header zone.
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4
PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
MARGIN_LEFT_MM = 25.0
MARGIN_RIGHT_MM = 20.0
MARGIN_TOP_MM = 15.0  # first page: top of the letterhead
MARGIN_TOP_LATER_MM = 22.0  # later pages: top of the text, below the running header
HEADER_MM = 12.0  # later pages: baseline of the running header from the top edge
MARGIN_BOTTOM_MM = 22.0
FOOTER_MM = 12.0  # baseline of "Page N of M" from the bottom edge
COLUMN_GAP_MM = 8.0  # between the two columns of a long signatory list
LOGO_MM = 16.0  # height of the box the letterhead's logo is fitted into
SIGN_ROOM_MM = 16.0  # a signature block: free room above each line to sign on, for the ink
SIGN_RULE_MM = 65.0  # the line to sign on (never wider than its signer's column)
SIGN_COLUMN_GAP_MM = 8.0  # between two signers side by side
SIGN_TEXT_GAP = 4.0  # points from the line to sign on to the top of the name's line

BODY_SIZE = 11.0
BODY_LEADING = 14.0
PARAGRAPH_SPACE = 7.0
NAME_SIZE = 14.0
NAME_LEADING = 17.0
LETTERHEAD_SIZE = 9.0
LETTERHEAD_LEADING = 11.0
LIST_SIZE = 10.5
LIST_LEADING = 13.0
FURNITURE_SIZE = 8.0


@dataclass(frozen=True, slots=True)
class Frame:
    """The text area of a page, in points from the bottom left corner."""

    page_width: float
    page_height: float
    left: float
    measure: float
    top_first: float  # y of the top of the text area on page 1
    top_later: float
    bottom: float

    @property
    def right(self) -> float:
        return self.left + self.measure


def frame_for(paper: str) -> Frame:
    width_mm, height_mm = PAPER_MM[paper]
    return Frame(
        page_width=width_mm * MM,
        page_height=height_mm * MM,
        left=MARGIN_LEFT_MM * MM,
        measure=(width_mm - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) * MM,
        top_first=(height_mm - MARGIN_TOP_MM) * MM,
        top_later=(height_mm - MARGIN_TOP_LATER_MM) * MM,
        bottom=MARGIN_BOTTOM_MM * MM,
    )
