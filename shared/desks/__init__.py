"""The desks of SOP 000-003 around a ticket: reception, the phone desk, online requests,
escalations to the back office and the main unit, and the visit record."""
