// Checks a line against the CloudWatch Embedded Metric Format specification (docs.aws.amazon.com,
// CloudWatch_Embedded_Metric_Format_Specification): what CloudWatch Logs requires before it
// extracts any metric from a log event. Written from the specification's MUST rules, independently
// of src/lambda/emf, so that the tests check hdoc's lines against the document, not against itself.
#pragma once

#include <string>
#include <vector>

namespace hdoc::testing {

// Every violation found (empty: the line is a valid EMF document).
std::vector<std::string> emfViolations(const std::string& line);

}  // namespace hdoc::testing
