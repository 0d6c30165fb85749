// optiscope: the GUI. `optiscope [FILE.csv | --config FILE]` opens the window on the last session
// (the demo on the first start), on a dataset, or on a saved configuration (or study spec).
// `--mode MODE --screenshot PNG [--size WxH]` runs that mode to completion at that window size,
// saves a picture of the window, and exits (0 when the picture was written); it makes the docs'
// screenshots. `--attach URL --study NAME` opens the Search tab attached to a study other
// processes run (with --screenshot: a picture a few seconds after it loaded).
#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <cstdio>

#include "engine/core/thread_budget.h"
#include "ui/charts/chart_export.h"
#include "ui/main_window.h"
#include "ui/screenshot_run.h"
#include "ui/views/search_view.h"

namespace {

// A study spec (it has a search space) rather than an experiment configuration.
bool IsStudySpec(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return false;
  const QJsonObject top = QJsonDocument::fromJson(file.read(1 << 24)).object();
  return top.contains(QStringLiteral("space"));
}

int Fail(const QString& message) {
  std::fprintf(stderr, "optiscope: %s\n", qPrintable(message));
  return 2;
}

// --attach with --screenshot: the attached study's picture, a few polls after it loaded, at
// `size`; prints the attach line. Exit code 0 when the PNG was written.
int AttachedScreenshot(QApplication& app, optiscope::ui::MainWindow& window, QSize size,
                       const QString& png) {
  window.resize(size);
  int code = 1;
  QObject::connect(window.search_view(), &optiscope::ui::SearchView::studyLoaded, &app,
                   [&](bool ok) {
                     if (!ok) return QApplication::exit(1);
                     QTimer::singleShot(3500, &app, [&] {
                       const bool saved = optiscope::ui::SaveWidgetPng(&window, png);
                       std::fprintf(saved ? stdout : stderr, "%s\n",
                                    qPrintable(window.search_view()->AttachStatus()));
                       code = saved ? 0 : 1;
                       QApplication::exit(code);
                     });
                   });
  app.exec();
  return code;
}

// --mode with --screenshot: runs the mode to completion, saves the window at `size`, and fails
// when the window grew. Exit code 0 when the run ended well and the PNG was written.
int ModeScreenshot(QApplication& app, optiscope::ui::MainWindow& window, optiscope::ui::Mode mode,
                   QSize size, const QString& png) {
  optiscope::ui::ScreenshotRun run(&window, mode, png, size);
  int code = 0;
  QObject::connect(
      &run, &optiscope::ui::ScreenshotRun::done, &app, [&](bool ok, const QString& message) {
        std::fprintf(ok ? stdout : stderr, "%s\n", qPrintable(message));
        if (ok && run.size_after() != size) {
          std::fprintf(stderr, "optiscope: the window grew from %dx%d to %dx%d\n", size.width(),
                       size.height(), run.size_after().width(), run.size_after().height());
        }
        code = ok ? 0 : 1;
        QApplication::exit(code);
      });
  run.Start();
  app.exec();
  return code;
}

}  // namespace

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
  QCommandLineOption mode_option(
      "mode",
      "The tab to show (and, with --screenshot, to run): train, race, search, compress, "
      "project or select.",
      "MODE", "train");
  QCommandLineOption screenshot_option(
      "screenshot", "Run the mode, save a PNG of the window when it ends, and quit.", "PNG");
  QCommandLineOption size_option("size", "With --screenshot: the window size, e.g. 1024x700.",
                                 "WxH", "1600x1000");
  QCommandLineOption attach_option(
      "attach",
      "Open the Search tab attached to a study other processes run, stored at URL "
      "(sqlite:PATH or postgresql://...); with --study.",
      "URL");
  QCommandLineOption study_option("study", "With --attach: the study's name.", "NAME");
  parser.addOption(attach_option);
  parser.addOption(study_option);
  parser.addOption(config_option);
  parser.addOption(mode_option);
  parser.addOption(screenshot_option);
  parser.addOption(size_option);
  parser.process(app);

  const std::optional<optiscope::ui::Mode> mode =
      optiscope::ui::ParseModeName(parser.value(mode_option));
  if (!mode)
    return Fail(QStringLiteral("--mode: unknown mode '%1'").arg(parser.value(mode_option)));
  const std::optional<QSize> size = optiscope::ui::ParseWindowSize(parser.value(size_option));
  if (!size) {
    return Fail(QStringLiteral("--size: expected WxH such as 1024x700, got '%1'")
                    .arg(parser.value(size_option)));
  }
  const bool screenshot = parser.isSet(screenshot_option);

  // A screenshot keeps its runs in memory: it must not add them to the user's runs file.
  optiscope::ui::MainWindowOptions options;
  options.keep_runs = !screenshot;
  optiscope::ui::MainWindow window(options);
  if (screenshot) {
    window.SetErrorDialogsEnabled(false);  // errors go to stderr and the exit code
    window.SetConfirmer(nullptr);
  }
  // Started with nothing to open, the window reopens the last session (configuration, dataset
  // and mode); a screenshot always starts from the demo, so that it is reproducible.
  const bool opens_something = parser.isSet(config_option) || parser.isSet(attach_option) ||
                               !parser.positionalArguments().isEmpty();
  if (!screenshot && !opens_something) window.RestoreSession();
  if (screenshot || parser.isSet(mode_option)) window.SetMode(*mode);
  window.show();
  bool loaded = true;
  if (parser.isSet(config_option)) {
    const QString config = parser.value(config_option);
    // A study spec sets the Search section and the experiment at once.
    if (IsStudySpec(config)) {
      loaded = window.search_view()->LoadSpec(config);
    } else {
      loaded = window.LoadConfigFile(config);  // errors are shown; the demo stays
    }
  }
  if (!parser.positionalArguments().isEmpty()) {
    window.OpenFile(parser.positionalArguments().first());
  }
  if (parser.isSet(attach_option)) {
    window.SetMode(optiscope::ui::Mode::kSearch);
    if (!window.search_view()->AttachStudy(parser.value(attach_option),
                                           parser.value(study_option))) {
      if (screenshot) return Fail(QStringLiteral("cannot attach"));
    }
    if (screenshot) {
      return AttachedScreenshot(app, window, *size, parser.value(screenshot_option));
    }
  }
  if (!screenshot) return app.exec();
  if (!loaded) return Fail(QStringLiteral("cannot load %1").arg(parser.value(config_option)));

  return ModeScreenshot(app, window, *mode, *size, parser.value(screenshot_option));
}
