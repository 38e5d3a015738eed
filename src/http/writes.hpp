// The write routes' handlers (profiles, entries, articles): ownership rules and strict bodies, then
// one atomic store call. Nothing is written unless every check passed. The dispatcher has already
// authenticated the caller (call.principal), applied the rate limit and bounded the body.
#pragma once

#include "http/handler.hpp"

namespace hdoc::http {

Response createProfile(Services& services, const Call& call);
Response updateProfile(Services& services, const Call& call);
Response deleteProfile(Services& services, const Call& call);
Response logDay(Services& services, const Call& call);
Response verifyEntry(Services& services, const Call& call);
Response createArticle(Services& services, const Call& call);
Response updateArticle(Services& services, const Call& call);
Response deleteArticle(Services& services, const Call& call);

}  // namespace hdoc::http
