"""What meetings does when other apps publish an event (common.events);
imported by MeetingsConfig.ready()."""

from common.events import listen


@listen("group.member_added")
def invite_new_member(*, event: str, group_id: int, user_id: int) -> None:
    """A new member of a group is invited to the group's coming meetings."""
    from django.contrib.auth import get_user_model

    from workinggroups.models import WorkingGroup

    from .services import invitations_add_for_new_member

    group = WorkingGroup.objects.filter(pk=group_id).first()
    user = get_user_model().objects.filter(pk=user_id).first()
    if group is not None and user is not None:
        invitations_add_for_new_member(group=group, user=user)
