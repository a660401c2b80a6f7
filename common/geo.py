"""Sensitive places: the one rule for the point a reader receives, for
activities and monitoring records, in pages, exports and the API."""

import math
from decimal import Decimal

# Sensitive points are shown snapped to the centre of a grid cell this wide
# (0.1 degree: about 11 km north-south, 8 km east-west at 43° N).
GENERALISATION_STEP = Decimal("0.1")


def generalise(value: Decimal) -> Decimal:
    """Snap a coordinate to the centre of its grid cell."""
    step = GENERALISATION_STEP
    return (Decimal(math.floor(value / step)) * step + step / 2).quantize(Decimal("0.01"))


def shown_point(
    latitude: Decimal | None, longitude: Decimal | None, *, sensitive: bool, entitled: bool
) -> tuple[Decimal, Decimal, bool] | None:
    """The point a reader receives: (latitude, longitude, exact?), generalised
    when it is sensitive and the reader is not entitled to it. The one rule
    for activities and monitoring records, in pages, exports and the API."""
    if latitude is None or longitude is None:
        return None
    if not sensitive or entitled:
        return latitude, longitude, True
    return generalise(latitude), generalise(longitude), False
