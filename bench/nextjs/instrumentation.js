// Loads the dataset when the server starts, as the website's JSON imports are loaded with the code.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    require('./lib/data').load();
  }
}
