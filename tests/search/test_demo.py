"""On the demo data (as `make run` has it): each demo account finds what its
role lets it open, and nothing more."""

from .conftest import found, search

DRAFT_PROTOCOL = "Draft joint survey protocol 2026"
BRIEFING = "Tiger and leopard numbers 2015–2025: briefing for partners"
HARBIN = (
    "Harbin Consensus on Strengthening Cooperation in Transboundary Conservation "
    "of Tigers and Leopards (2019)"
)


def documents_found(client, query):
    return found(client, query, kind="documents").get("documents", [])


def test_demo_accounts_find_documents_by_their_access(client, module_demo_user):
    assert HARBIN in documents_found(client, "Harbin consensus")
    assert documents_found(client, "briefing partners") == []
    assert documents_found(client, "draft protocol") == []

    client.force_login(module_demo_user("user@demo.example"))  # no organisation yet
    assert documents_found(client, "briefing partners") == []

    client.force_login(module_demo_user("centre-cn@demo.example"))  # a partner, in no group
    assert BRIEFING in documents_found(client, "briefing partners")
    assert DRAFT_PROTOCOL not in documents_found(client, "draft protocol")

    client.force_login(module_demo_user("rep-wwf@demo.example"))  # observer of the group
    assert DRAFT_PROTOCOL in documents_found(client, "draft protocol")

    client.force_login(module_demo_user("member-monitoring@demo.example"))
    assert DRAFT_PROTOCOL in documents_found(client, "draft protocol")


def test_every_result_for_each_demo_account_opens(client, module_demo_user):
    emails = [None, "user@demo.example", "member-monitoring@demo.example", "rep-wwf@demo.example"]
    emails += ["focal-cn@demo.example", "committee@demo.example", "secretariat@demo.example"]
    for email in emails:
        client.logout()
        if email:
            client.force_login(module_demo_user(email))
        for query in ("leopard", "tiger", "survey", "东北虎", "Приморский"):
            for group in search(client, query).context.get("kinds") or []:
                for hit in group.hits:
                    assert client.get(hit.url).status_code == 200, (email, hit.url)


def test_the_demo_data_is_found_in_every_kind(client, module_demo_user):
    kinds = set(found(client, "leopard"))
    assert {"organisations", "groups", "activities", "documents", "protected-areas"} <= kinds
