// Registers the engine's value types (events, configuration) with Qt's meta-type system so they can
// travel in signals, QVariant and QSignalSpy. Include this instead of the engine headers in ui/.
#pragma once

#include <QMetaType>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/events/events.h"

Q_DECLARE_METATYPE(optiscope::RunStarted)
Q_DECLARE_METATYPE(optiscope::EpochMetrics)
Q_DECLARE_METATYPE(optiscope::RunFinished)
Q_DECLARE_METATYPE(optiscope::LogLine)
Q_DECLARE_METATYPE(optiscope::ExperimentConfig)
Q_DECLARE_METATYPE(optiscope::Projection)
