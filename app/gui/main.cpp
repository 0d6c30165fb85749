// optiscope: the GUI. `optiscope [FILE.csv | --config FILE]` opens the window on the demo, on a
// dataset, or on a saved configuration. `--screenshot PNG` runs the configured experiment (the
// Train tab is shown first) and saves a picture of the window when it finishes (used for
// docs/screenshot-training.png).
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include "engine/core/thread_budget.h"
#include "ui/main_window.h"
#include "ui/views/mode_view.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  // The engine uses every core but one: the event loop keeps a core for itself.
  optiscope::SetWorkerThreads(optiscope::HardwareThreads() - 1);
  QApplication::setOrganizationName("Optiscope");
  QApplication::setApplicationName("Optiscope");
  QApplication::setApplicationVersion(OPTISCOPE_VERSION);

  QCommandLineParser parser;
  parser.setApplicationDescription("Optiscope: a desktop workbench for model optimization.");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument("file", "A CSV data file (or a .json configuration) to open.",
                               "[FILE.csv]");
  QCommandLineOption config_option("config", "Open with this configuration (JSON).", "FILE");
  QCommandLineOption screenshot_option(
      "screenshot", "Run the experiment, save a PNG of the window when it ends, and quit.",
      "PNG");
  parser.addOption(config_option);
  parser.addOption(screenshot_option);
  parser.process(app);

  optiscope::ui::MainWindow window;
  window.show();
  if (parser.isSet(config_option)) {
    window.LoadConfigFile(parser.value(config_option));  // errors are shown; the demo stays
  } else if (!parser.positionalArguments().isEmpty()) {
    window.OpenFile(parser.positionalArguments().first());
  }

  if (parser.isSet(screenshot_option)) {
    const QString png = parser.value(screenshot_option);
    QObject::connect(window.mode_view(window.CurrentMode()), &optiscope::ui::ModeView::finished,
                     &window,
                     [&window, png] {
                       // Let the last batch paint, then grab the whole window.
                       QTimer::singleShot(300, &window, [&window, png] {
                         const bool ok = window.grab().save(png);
                         QApplication::exit(ok ? 0 : 1);
                       });
                     });
    QTimer::singleShot(500, &window, [&window] {
      if (!window.Run()) QApplication::exit(1);
    });
  }
  return app.exec();
}
