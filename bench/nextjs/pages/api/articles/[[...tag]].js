// Articles, optionally only those whose tag equals /articles/{tag} case-insensitively, sliced to `limit`.
const { load } = require('../../../lib/data');

export default function articlesHandler(req, res) {
  const { articles } = load();
  const { tag, limit } = req.query;
  const number = limit ? limit : articles.length;
  if (tag) {
    const wanted = tag[0].toLowerCase();
    res.status(200).json(articles.filter((article) => article.tags.toLowerCase() == wanted).slice(0, number));
  } else {
    res.status(200).json(articles.slice(0, number));
  }
}
