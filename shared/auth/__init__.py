"""Who is acting: staff accounts, roles and permissions, sign-in, tokens and their revocation."""
