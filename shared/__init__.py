"""The domain, in rooms: core, tickets, desks, satisfaction, cases, office, auth and reports;
the web glue every face shares lives in realtime and web, apart from the rest."""
