// The word lists behind core/seed.hpp: names, tags (most frequent first) and title words.
#pragma once

#include <span>
#include <string_view>

namespace hdoc::core::seed_words {

std::span<const std::string_view> firstNames();
std::span<const std::string_view> lastNames();
std::span<const std::string_view> tags();  // Zipf rank order: "AWS", "GCP", "Azure" first
std::span<const std::string_view> titleVerbs();
std::span<const std::string_view> titleAdjectives();
std::span<const std::string_view> titleNouns();
std::span<const std::string_view> subtitleWords();

}  // namespace hdoc::core::seed_words
