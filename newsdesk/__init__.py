"""newsdesk: a local news desk."""
