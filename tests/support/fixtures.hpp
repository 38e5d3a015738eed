// The frontend's mock data, a copy kept in the repository (tests/fixtures/frontend-mock), for tests
// that check hdoc serves it unchanged.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "store/store.hpp"

namespace hdoc::testing {

std::string fixturePath(const std::string& name);
bool fixturesAvailable();
std::vector<core::User> fixtureUsers();
std::vector<core::Article> fixtureArticles();
// Imports users.json and articles.json into `store`.
void importFixtures(store::Store& store);

}  // namespace hdoc::testing

// Fails the current test when the fixture folder is missing: it is part of the repository, so a
// missing copy is a broken checkout, never a reason to skip.
#define HDOC_REQUIRE_FIXTURES()                                                                       \
  do {                                                                                                \
    if (!::hdoc::testing::fixturesAvailable()) FAIL() << "missing fixtures at " << HDOC_FIXTURES_DIR; \
  } while (0)
