"""Partnership-wide vocabulary shared by several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionArea(models.TextChoices):
    """The four action areas of seed 000 §30."""

    PROTECTED_AREAS = "protected-areas", _("Expanding protected areas beyond national borders")
    PREY = "prey", _("Maintaining the species and prey populations")
    COMMUNITIES = "communities", _("Engaging local communities and the public")
    CAPACITY = "capacity", _("Improving technical capacity of conservation work")
