"""Build requests for the timeliness tests through the real services."""

from datetime import date

from requests_tracker import services


def log(actor, received: str, kind: str = "roa", name: str = "Pat Example", email: str = ""):
    return services.log_request(
        actor=actor,
        kind=kind,
        regime="uk_gdpr" if kind == "roa" else "",
        received_on=date.fromisoformat(received),
        channel="email",
        requester_type="member_of_public",
        summary="Records about me" if kind == "roa" else "Figures for the year",
        requester=services.RequesterDetails(
            name=name, email=email or "pat@example.org", address="1 High Street"
        ),
    )


def close(actor, request, closed: str, late_reason: str = "", outcome: str = ""):
    request.refresh_from_db()
    closed_on = date.fromisoformat(closed)
    late = request.due_on is not None and closed_on > request.due_on
    default_outcome = "disclosed_in_full" if request.kind == "roa" else "granted_in_full"
    return services.close_request(
        request_id=request.pk,
        actor=actor,
        closed_on=closed_on,
        outcome=outcome or default_outcome,
        late_reason=late_reason or ("volume" if late else ""),
    )
