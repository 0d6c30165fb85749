// Saving and loading fitted classic estimators as JSON text.
#pragma once

#include <memory>
#include <string>

#include "engine/core/status.h"
#include "engine/models/classic/estimator.h"

namespace optiscope {

// {"format": "optiscope-classic-model", "version": 1, "model": Name(), "state": SaveState()}.
// REQUIRES: `model` fitted. Predictions of the loaded model are identical to the saved one's.
std::string SaveEstimator(const Estimator& model);

// Parses SaveEstimator's text. Errors: ParseError (not JSON, missing fields, wrong types, with
// the parser's message), NotFound (unknown model name), InvalidArgument (inconsistent content).
Result<std::unique_ptr<Estimator>> LoadEstimator(const std::string& text);

}  // namespace optiscope
