// Counts articles per `tags` value, orders by count descending, slices to `limit` (all by default).
const { load } = require('../../lib/data');

export default function tagsHandler(req, res) {
  const { articles } = load();
  const { limit } = req.query;
  const counts = {};
  for (const article of articles) counts[article.tags] = (counts[article.tags] || 0) + 1;
  const tags = Object.entries(counts)
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count);
  res.status(200).json(tags.slice(0, limit ? limit : tags.length));
}
