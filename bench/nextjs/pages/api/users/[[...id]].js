// One user found by githubProfile, or the list sliced to `limit`.
const { load } = require('../../../lib/data');

export default function usersHandler(req, res) {
  const { users } = load();
  const { id, limit } = req.query;
  if (id) {
    res.status(200).json(users.find((user) => user.githubProfile == id[0]));
  } else {
    res.status(200).json(users.slice(0, limit ? limit : users.length));
  }
}
