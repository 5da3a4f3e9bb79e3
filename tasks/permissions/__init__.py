"""Who may see and change work items. Every area's visibility is built on org's one rule,
`org.visibility.Viewer`:

- staff see what they are party to, and their own department's work;
- department heads see their department tree (every department under the ones they head);
- institution admins see everything; auditors read everything (they audit the work).

Per-object grants beyond that (a colleague added to a unit task) are django-guardian object
permissions. A person outside all of these gets 404 for the object, never its content.
"""
