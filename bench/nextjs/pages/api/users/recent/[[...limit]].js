// The users sorted by dateJoined descending (in place, on every request, as the website does), sliced.
const { load } = require('../../../../lib/data');

export default function recentUsersHandler(req, res) {
  const { users } = load();
  const { limit } = req.query;
  const number = limit ? limit : users.length;
  const sorted = users.sort((a, b) => {
    const dateA = new Date(a.dateJoined);
    const dateB = new Date(b.dateJoined);
    if (dateA < dateB) return 1;
    if (dateA > dateB) return -1;
    return 0;
  });
  res.status(200).json(sorted.slice(0, number));
}
