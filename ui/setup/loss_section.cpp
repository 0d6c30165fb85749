#include "ui/setup/loss_section.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>

#include "engine/config/config_names.h"
#include "engine/config/loss_expression.h"
#include "engine/losses/loss_factory.h"
#include "ui/enum_text.h"
#include "ui/setup/sci_spin_box.h"

namespace optiscope::ui {
namespace {

// "balanced", or numbers separated by commas or spaces; empty = no weights.
ClassWeights ParseClassWeights(const QString& text, bool* ok) {
  ClassWeights w;
  *ok = true;
  const QString t = text.trimmed();
  if (t.isEmpty()) return w;
  if (t == QLatin1String("balanced")) {
    w.balanced = true;
    return w;
  }
  for (const QString& part : t.split(QRegularExpression("[,\\s]+"), Qt::SkipEmptyParts)) {
    bool number = false;
    const double v = part.toDouble(&number);
    if (!number) *ok = false;
    w.values.push_back(v);
  }
  return w;
}

QString WeightsText(const ClassWeights& w) {
  if (w.balanced) return QStringLiteral("balanced");
  QStringList parts;
  for (double v : w.values) parts << QString::number(v, 'g', 10);
  return parts.join(QStringLiteral(", "));
}

}  // namespace

LossSection::LossSection(QWidget* parent) : CollapsibleSection(tr("Loss"), parent) {
  type_ = new QComboBox(this);
  type_->setObjectName("lossCombo");
  type_->setToolTip(
      tr("Training criterion (formulas: docs/losses.md). Only the losses that fit "
         "the task are listed."));
  huber_delta_ = new SciSpinBox(1e-6, 1e6, true, this);
  huber_delta_->setObjectName("huberDeltaSpin");
  huber_delta_->setToolTip(tr("Huber: quadratic for |p - y| <= delta, linear beyond"));
  focal_gamma_ = new SciSpinBox(0.0, 20.0, false, this);
  focal_gamma_->setSingleStep(0.5);
  focal_gamma_->setToolTip(tr("Focal: focusing exponent gamma (0 = cross-entropy)"));
  focal_alpha_ = new SciSpinBox(-1.0, 1.0, false, this);
  focal_alpha_->setSingleStep(0.05);
  focal_alpha_->setSpecialValueText(tr("off"));
  focal_alpha_->setToolTip(
      tr("Focal, 2 classes: weight of class 1 (class 0 gets 1 - alpha); "
         "off = no alpha"));
  smoothing_ = new SciSpinBox(0.0, 1.0, false, this);
  smoothing_->setSingleStep(0.05);
  smoothing_->setToolTip(tr("Label smoothing (PyTorch semantics)"));
  class_weights_ = new QLineEdit(this);
  class_weights_->setObjectName("classWeightsEdit");
  class_weights_->setPlaceholderText(tr("none, balanced, or 1, 2.5, ..."));
  class_weights_->setToolTip(
      tr("One weight per class in class-id order, or \"balanced\" "
         "(n / (K * count))"));
  expression_ = new QLineEdit(this);
  expression_->setObjectName("lossExpressionEdit");
  expression_->setPlaceholderText(QStringLiteral("abs(p - y)^1.5 + 0.1*(p - y)^2"));
  expression_->setToolTip(
      tr("A formula of the prediction p and target y: numbers, + - * / ^, "
         "parentheses, abs exp log sqrt sin cos tanh sigmoid softplus max min "
         "pow. Differentiated automatically."));
  expression_error_ = new QLabel(this);
  expression_error_->setObjectName("lossExpressionError");
  expression_error_->setTextFormat(Qt::RichText);
  expression_error_->setWordWrap(true);

  form_ = new QFormLayout();
  form_->addRow(tr("Loss"), type_);
  form_->addRow(tr("Huber delta"), huber_delta_);
  form_->addRow(tr("Focal gamma"), focal_gamma_);
  form_->addRow(tr("Focal alpha"), focal_alpha_);
  form_->addRow(tr("Label smoothing"), smoothing_);
  form_->addRow(tr("Class weights"), class_weights_);
  form_->addRow(tr("Expression"), expression_);
  form_->addRow(QString(), expression_error_);
  body_layout()->addLayout(form_);

  FillTypes(EnumText(LossType::kAuto));
  Load(LossConfig());
  connect(type_, &QComboBox::currentIndexChanged, this, [this] { UpdateVisible(); });
  connect(expression_, &QLineEdit::textChanged, this, [this] { ValidateExpression(); });
}

void LossSection::FillTypes(const QString& keep) {
  const QSignalBlocker block(type_);
  type_->clear();
  for (const LossType type : EnumValues<LossType>()) {
    if (!task_ || LossFitsTask(type, *task_)) type_->addItem(EnumText(type));
  }
  const int i = type_->findText(keep);
  type_->setCurrentIndex(i >= 0 ? i : 0);
}

void LossSection::SetTask(std::optional<TaskKind> task) {
  task_ = task;
  FillTypes(type_->currentText());
  UpdateVisible();
}

void LossSection::Load(const LossConfig& loss) {
  FillTypes(EnumText(loss.type));
  if (type_->currentText() != EnumText(loss.type)) {
    // A loss that does not fit the current task: list it anyway, the run reports the misfit.
    const QSignalBlocker block(type_);
    type_->addItem(EnumText(loss.type));
    type_->setCurrentIndex(type_->count() - 1);
  }
  huber_delta_->setValue(loss.huber_delta);
  focal_gamma_->setValue(loss.focal_gamma);
  focal_alpha_->setValue(loss.focal_alpha < 0 ? -1.0 : loss.focal_alpha);
  smoothing_->setValue(loss.label_smoothing);
  class_weights_->setText(WeightsText(loss.class_weights));
  expression_->setText(QString::fromStdString(loss.expression));
  UpdateVisible();
  ValidateExpression();
}

void LossSection::Apply(LossConfig* loss) const {
  const LossConfig defaults;
  *loss = defaults;
  const LossType type = EnumOfText(type_->currentText(), defaults.type);
  loss->type = type;
  if (type == LossType::kHuber) loss->huber_delta = huber_delta_->value();
  if (type == LossType::kFocal) {
    loss->focal_gamma = focal_gamma_->value();
    loss->focal_alpha = focal_alpha_->value() < 0 ? -1.0 : focal_alpha_->value();
  }
  if (type == LossType::kCrossEntropy || type == LossType::kBce || type == LossType::kAuto) {
    loss->label_smoothing = smoothing_->value();
  }
  if (IsClassificationLossType(type) ||
      (type == LossType::kAuto && task_ == TaskKind::kClassification)) {
    bool ok = false;
    const ClassWeights w = ParseClassWeights(class_weights_->text(), &ok);
    if (ok) loss->class_weights = w;
  }
  if (type == LossType::kCustom) loss->expression = expression_->text().toStdString();
}

QString LossSection::ErrorMessage() const { return error_message_; }

void LossSection::UpdateVisible() {
  const LossType t = EnumOfText(type_->currentText(), LossType::kAuto);
  const bool classification_auto = t == LossType::kAuto && task_ == TaskKind::kClassification;
  form_->setRowVisible(huber_delta_, t == LossType::kHuber);
  form_->setRowVisible(focal_gamma_, t == LossType::kFocal);
  form_->setRowVisible(focal_alpha_, t == LossType::kFocal);
  form_->setRowVisible(smoothing_,
                       t == LossType::kCrossEntropy || t == LossType::kBce || classification_auto);
  form_->setRowVisible(class_weights_, IsClassificationLossType(t) || classification_auto);
  form_->setRowVisible(expression_, t == LossType::kCustom);
  form_->setRowVisible(expression_error_, t == LossType::kCustom && error_column_ > 0);
}

void LossSection::ValidateExpression() {
  const QString text = expression_->text();
  ExpressionError error;
  const bool ok = LossExpression::Compile(text.toStdString(), &error).ok();
  error_column_ = ok ? 0 : error.column;
  error_message_ = ok ? QString() : QString::fromStdString(error.message);
  if (ok) {
    expression_->setStyleSheet(QString());
    expression_error_->clear();
  } else {
    expression_->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #c62828; }"));
    // The expression with the character at the error column (or a marker past the end) in red
    // and underlined, then the message.
    const QString shown = text.leftJustified(error.column, QLatin1Char(' '));
    const int at = error.column - 1;
    const QString before = shown.left(at).toHtmlEscaped();
    QString marked = shown.mid(at, 1);
    if (marked.trimmed().isEmpty()) marked = QStringLiteral("\u2038");  // caret mark
    const QString after = shown.mid(at + 1).toHtmlEscaped();
    expression_error_->setText(
        QStringLiteral("<span style=\"font-family:monospace; white-space:pre\">%1<span "
                       "style=\"color:#c62828; text-decoration:underline; font-weight:bold\">%2"
                       "</span>%3</span><br><span style=\"color:#c62828\">%4</span>")
            .arg(before, marked.toHtmlEscaped(), after, error_message_.toHtmlEscaped()));
  }
  expression_->setToolTip(ok ? tr("Valid expression") : error_message_);
  UpdateVisible();
}

}  // namespace optiscope::ui
