// Events of the optimizer race (engine/race). Epoch curves travel as EpochMetrics whose run_id
// names the racer; the kinds below carry what only a race has.
#pragma once

#include <string>
#include <vector>

#include "engine/events/event_list.h"

namespace optiscope {

// The race ended; one standing per optimizer, best first.
struct RaceStanding {
  std::string optimizer;  // label, e.g. "adam" or "adam lr=0.01"
  double best_val_loss = 0.0;
  int best_epoch = 0;
  double seconds = 0.0;
};
struct RaceFinished {
  std::vector<RaceStanding> standings;
};

using RaceEvents = EventList<RaceFinished>;

}  // namespace optiscope
