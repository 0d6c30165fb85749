#include "ui/session.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSettings>

#include "engine/config/config_json.h"
#include "engine/data/builtin_datasets.h"

namespace optiscope::ui {
namespace {

constexpr char kSessionConfigKey[] = "session/config";
constexpr char kSessionModeKey[] = "session/mode";

QString SessionText(const char* text) { return QCoreApplication::translate("Session", text); }

}  // namespace

void SaveSession(const ExperimentConfig& config, Mode mode) {
  QSettings settings;
  settings.setValue(kSessionConfigKey, QString::fromStdString(WriteExperimentConfig(config)));
  settings.setValue(kSessionModeKey, ModeName(mode));
}

SavedSession LoadSession() {
  QSettings settings;
  SavedSession session;
  session.saved = settings.contains(kSessionConfigKey);
  if (!session.saved) return session;
  const QString mode = settings.value(kSessionModeKey).toString();
  for (const ModeInfo& info : AvailableModes()) {
    if (ModeName(info.mode) == mode) session.mode = info.mode;
  }
  Result<ExperimentConfig> config = ParseExperimentConfig(
      settings.value(kSessionConfigKey).toString().toStdString(), "the last session");
  if (!config.ok()) {
    session.problem = SessionText("The last session's configuration was not restored: %1")
                          .arg(QString::fromStdString(config.status().message()));
    return session;
  }
  const std::string& source = config->data.source;
  if (source != "synthetic" && !IsBuiltinDataset(source) &&
      !QFileInfo(QString::fromStdString(source)).isFile()) {
    session.problem = SessionText("The last session's data file %1 is gone: its settings are "
                                  "shown on the demo data")
                          .arg(QString::fromStdString(source));
    config->data = DemoConfig().data;
  }
  session.config = std::move(config).value();
  return session;
}

}  // namespace optiscope::ui
