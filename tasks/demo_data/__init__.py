"""Static data for the work-management demo seed (tasks.demo), one module per area of tasks/: the
function classification shared by every institution (classification) and each institution's own
mission and teams (teams), how work runs over a year on unit-task cards (cards), and the words of
memo reports, directives, meetings and schedules. Nothing here touches the database."""
