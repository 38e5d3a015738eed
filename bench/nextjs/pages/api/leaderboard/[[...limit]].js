// The users sorted by githubScore + twitterScore descending (in place, on every request, as the website
// does), sliced to `limit` (default 10; /leaderboard/{N} too).
const { load } = require('../../../lib/data');

export default function leaderboardHandler(req, res) {
  const { users } = load();
  const { limit } = req.query; // "10" from ?limit=10, ["5"] from /leaderboard/5: slice() takes both
  users.sort((a, b) => b.githubScore + b.twitterScore - (a.githubScore + a.twitterScore));
  res.status(200).json(users.slice(0, limit ? limit : 10));
}
