#include "ui/views/training_view.h"

#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QStackedWidget>
#include <QStringList>
#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/train/experiment.h"
#include "engine/train/one_shot_run.h"
#include "ui/charts/chart_tool_bar.h"
#include "ui/charts/loss_chart.h"
#include "ui/enum_text.h"
#include "ui/job_runner.h"
#include "ui/views/confusion_matrix_view.h"
#include "ui/views/metrics_readout.h"
#include "ui/views/regression_plots.h"

namespace optiscope::ui {
namespace {

// One line naming the run: "iris: mlp 64-32 relu, adam lr=0.001" (a one-shot model has no
// optimizer: "wine: random_forest, fitted in one call").
QString DescribeConfig(const ExperimentConfig& c) {
  QString model = EnumText(c.model.type);
  if (c.model.type == ModelType::kMlp) {
    QStringList widths;
    for (int w : c.model.hidden) widths << QString::number(w);
    model += QStringLiteral(" %1 %2").arg(widths.join('-'), EnumText(c.model.activation));
  }
  QString source = QString::fromStdString(c.data.source);
  if (c.data.source == "synthetic") source = EnumText(c.data.synthetic.kind);
  if (IsOneShotModel(c.model)) {
    const OneShotSteps steps = CountOneShotSteps(c.model);
    if (steps.count >= 2) {
      return QObject::tr("%1: %2, %3 %4s")
          .arg(QFileInfo(source).fileName(), model)
          .arg(steps.count)
          .arg(QString::fromStdString(steps.name));
    }
    return QObject::tr("%1: %2, fitted in one call").arg(QFileInfo(source).fileName(), model);
  }
  return QStringLiteral("%1: %2, %3 lr=%4")
      .arg(QFileInfo(source).fileName(), model, EnumText(c.optimizer.type))
      .arg(c.optimizer.lr, 0, 'g', 4);
}

// One line for the log and the status bar.
QString Summary(const RunFinished& f, bool one_shot) {
  if (f.status == RunEnd::kFailed) {
    return QObject::tr("The run failed: %1").arg(QString::fromStdString(f.reason));
  }
  QString text = one_shot ? QObject::tr("Fit %1 in %2 s")
                                .arg(QString::fromLatin1(RunEndName(f.status)))
                                .arg(f.seconds, 0, 'f', 2)
                          : QObject::tr("Run %1 after %2 %3 in %4 s")
                                .arg(QString::fromLatin1(RunEndName(f.status)))
                                .arg(f.epochs_run)
                                .arg(f.epochs_run == 1 ? QObject::tr("epoch") : QObject::tr("epochs"))
                                .arg(f.seconds, 0, 'f', 2);
  if (std::isfinite(f.test_accuracy)) {
    text += QObject::tr("; test accuracy %1, loss %2")
                .arg(f.test_accuracy, 0, 'f', 4)
                .arg(f.test_loss, 0, 'g', 4);
  } else if (std::isfinite(f.test_rmse)) {
    text +=
        QObject::tr("; test RMSE %1, R² %2").arg(f.test_rmse, 0, 'g', 4).arg(f.test_r2, 0, 'f', 4);
  }
  if (!f.reason.empty()) text += QStringLiteral(" (%1)").arg(QString::fromStdString(f.reason));
  return text;
}

RunFinished FailedRun(const std::string& reason) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  RunFinished f;
  f.run_id = "run";
  f.status = RunEnd::kFailed;
  f.reason = reason;
  f.test_loss = f.test_accuracy = f.test_rmse = f.test_r2 = nan;
  return f;
}

}  // namespace

TrainingView::TrainingView(QWidget* parent) : ModeView(parent) {
  setObjectName("trainingView");
  qRegisterMetaType<RunStarted>();
  qRegisterMetaType<EpochMetrics>();
  qRegisterMetaType<RunFinished>();
  qRegisterMetaType<LogLine>();
  qRegisterMetaType<Projection>();
  runner_ = new JobRunner(this);
  connect(runner_, &JobRunner::eventsReceived, this, &TrainingView::OnEvents);
  connect(runner_, &JobRunner::finished, this, [this](const QString& error) { OnFinished(error); });

  chart_ = new LossChart(this);
  readout_ = new MetricsReadout(this);
  auto* side = new QFrame(this);
  side->setFrameShape(QFrame::StyledPanel);
  auto* side_layout = new QVBoxLayout(side);
  side_layout->setContentsMargins(0, 0, 0, 0);
  side_layout->addWidget(readout_);
  side_layout->addStretch(1);
  side->setMinimumWidth(310);
  side->setMaximumWidth(380);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  confusion_ = new ConfusionMatrixView(this);  // shown after a classification run
  regression_ = new RegressionPlots(this);     // shown after a regression run
  one_shot_ = new QLabel(this);
  one_shot_->setObjectName("oneShotPanel");
  one_shot_->setAlignment(Qt::AlignCenter);
  one_shot_->setWordWrap(true);
  one_shot_->setMargin(24);
  // The loss chart under its display tools (log loss axis, smoothing).
  loss_page_ = new QWidget(this);
  auto* loss_layout = new QVBoxLayout(loss_page_);
  loss_layout->setContentsMargins(0, 0, 0, 0);
  loss_layout->setSpacing(0);
  tools_ = new ChartToolBar(QStringLiteral("training"), tr("loss"), loss_page_);
  connect(tools_, &ChartToolBar::logScaleToggled, chart_, &LossChart::SetLogScale);
  connect(tools_, &ChartToolBar::smoothingChanged, chart_, &LossChart::SetSmoothing);
  connect(tools_, &ChartToolBar::metricChosen, chart_, [this](int index) {
    chart_->SetDashedMetric(index == 1 ? LossChart::DashedMetric::kSecond
                                       : LossChart::DashedMetric::kMetric);
  });
  loss_layout->addWidget(tools_);
  loss_layout->addWidget(chart_, 1);
  chart_stack_ = new QStackedWidget(this);
  chart_stack_->addWidget(loss_page_);
  chart_stack_->addWidget(one_shot_);
  auto* charts = new QVBoxLayout();
  charts->addWidget(chart_stack_, 3);
  charts->addWidget(confusion_, 2);
  charts->addWidget(regression_, 2);
  layout->addLayout(charts, 1);
  layout->addWidget(side);
}

TrainingView::~TrainingView() {
  delete runner_;  // stops and joins the run before the chart it feeds goes away
  runner_ = nullptr;
}

bool TrainingView::IsRunning() const { return runner_->IsRunning(); }

void TrainingView::RequestStop() { runner_->RequestStop(); }

bool TrainingView::Start(const ExperimentConfig& config) {
  if (runner_->IsRunning()) return false;
  ExperimentConfig run_config = config;
  const bool projects = stream_projections_ && run_config.model.type == ModelType::kMlp &&
                        !run_config.model.hidden.empty();
  if (projects && run_config.training.projection_every == 0) {
    run_config.training.projection_every = std::max(1, run_config.training.epochs / 30);
  }
  const bool launched =
      runner_->Start([run_config](std::stop_token stop, EventSink& sink) -> std::string {
        Result<RunResult> result = RunExperiment(run_config, sink, stop);
        return result.ok() ? std::string() : result.status().message();
      });
  if (!launched) return false;
  last_finished_.reset();
  one_shot_run_ = IsOneShotModel(config.model);
  const OneShotSteps steps =
      one_shot_run_ ? CountOneShotSteps(config.model) : OneShotSteps{config.training.epochs, "epoch"};
  staged_run_ = one_shot_run_ && steps.count >= 2;
  step_name_ = QString::fromStdString(staged_run_ || !one_shot_run_ ? steps.name : "fit");
  last_fit_.reset();
  one_shot_model_ = EnumText(config.model.type);
  chart_->SetStepName(step_name_);
  if (one_shot_run_ && !staged_run_) {
    one_shot_->setText(tr("Fitting %1...\n\n%1 is fitted in one call, not epoch by epoch: there "
                          "is no loss curve. Its scores appear here and beside when it is done.")
                           .arg(one_shot_model_));
    chart_stack_->setCurrentWidget(one_shot_);
  } else {
    chart_stack_->setCurrentWidget(loss_page_);
  }
  chart_->Reset(staged_run_ ? steps.count : config.training.epochs);
  readout_->Clear();  // a run that fails before its first event shows none of the last run's
  confusion_->Clear();
  regression_->Clear();
  if (projects) emit projectionsRestarted();
  emit started(DescribeConfig(config), one_shot_run_ ? steps.count : config.training.epochs);
  return true;
}

void TrainingView::OnEvents(const std::vector<Event>& events) {
  std::vector<EpochMetrics> epochs;
  auto flush_epochs = [&] {
    if (epochs.empty()) return;
    chart_->AddEpochs(epochs);
    const EpochMetrics& last = epochs.back();
    if (one_shot_run_) last_fit_ = last;
    readout_->ShowEpoch(last);
    emit epochsReceived(epochs);
    emit progressed(last.epoch, last.total_epochs, last.elapsed_seconds);
    epochs.clear();
  };
  for (const Event& event : events) {
    if (const auto* e = std::get_if<EpochMetrics>(&event)) {
      epochs.push_back(*e);
      continue;
    }
    flush_epochs();
    if (const auto* p = std::get_if<FitProgress>(&event)) {
      readout_->ShowFitProgress(*p);
      emit progressed(p->done, p->total, p->elapsed_seconds);
    } else if (const auto* s = std::get_if<RunStarted>(&event)) {
      chart_->Reset(s->total_epochs);
      chart_->SetStepName(QString::fromStdString(s->step_name));
      readout_->Start(*s);
      // The dashed curves: the run's metric, or the task's second one (macro F1, R²).
      const bool regression = s->metric_name == "rmse";
      const QString metric = regression ? tr("RMSE") : QString::fromStdString(s->metric_name);
      const QString second = regression ? tr("R²") : tr("F1");
      chart_->SetMetricName(metric);
      chart_->SetSecondMetricName(second);
      tools_->SetMetricChoices({metric, second});
      confusion_->Clear();
      regression_->Clear();
      emit runStarted(*s);
    } else if (const auto* f = std::get_if<RunFinished>(&event)) {
      last_finished_ = *f;
    } else if (const auto* l = std::get_if<LogLine>(&event)) {
      emit logLine(*l);
    } else if (const auto* p = std::get_if<Projection>(&event)) {
      emit projectionReceived(*p);
    }
  }
  flush_epochs();
}

void TrainingView::OnFinished(const QString& error) {
  RunFinished result;
  if (!error.isEmpty()) {
    result = FailedRun(error.toStdString());
  } else if (last_finished_) {
    result = *last_finished_;
  } else {
    result = FailedRun("the run ended without reporting a result");
  }
  last_finished_.reset();
  if (one_shot_run_ && !staged_run_) ShowOneShotResult(result);
  readout_->ShowFinished(result);
  chart_->MarkEarlyStopping(result.best_epoch, result.epochs_run, result.stopped_early);
  confusion_->SetMatrix(result.test_confusion, result.class_names);
  regression_->SetSample(result.test_regression);
  emit runFinished(result);
  emit finished(Summary(result, one_shot_run_), result.status != RunEnd::kFailed);
}

QString TrainingView::StepUnit() const {
  if (step_name_ == QLatin1String("tree")) return tr("trees");
  if (step_name_ == QLatin1String("stage")) return tr("stages");
  if (step_name_ == QLatin1String("fit")) return tr("fit");
  return tr("epochs");
}

void TrainingView::ShowOneShotResult(const RunFinished& f) {
  if (f.status == RunEnd::kFailed) {
    one_shot_->setText(tr("%1 could not be fitted:\n%2")
                           .arg(one_shot_model_, QString::fromStdString(f.reason)));
    return;
  }
  const EpochMetrics* fit = last_fit_ ? &*last_fit_ : nullptr;
  const bool accuracy = std::isfinite(f.test_accuracy);
  auto figure = [](double v) {
    return std::isfinite(v) ? QString::number(v, 'g', 4) : QStringLiteral("–");
  };
  QString text = tr("%1 fitted in one call (%2 s): no epochs, so no loss curve.")
                     .arg(one_shot_model_)
                     .arg(f.seconds, 0, 'f', 2);
  if (fit != nullptr) {
    text += tr("\n\ntrain %1 %2 · validation %1 %3")
                .arg(accuracy ? tr("accuracy") : tr("RMSE"), figure(fit->train_metric),
                     figure(fit->val_metric));
  }
  if (accuracy) {
    text += tr("\ntest accuracy %1").arg(figure(f.test_accuracy));
  } else if (std::isfinite(f.test_rmse)) {
    text += tr("\ntest RMSE %1, R² %2").arg(figure(f.test_rmse), figure(f.test_r2));
  }
  one_shot_->setText(text);
}

}  // namespace optiscope::ui
