#include "ui/setup/model_section.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QRegularExpressionValidator>

namespace optiscope::ui {

std::vector<int> ParseHiddenLayers(const QString& text) {
  std::vector<int> widths;
  for (const QString& part : text.split(',', Qt::SkipEmptyParts)) {
    bool ok = false;
    const int w = part.trimmed().toInt(&ok);
    if (ok && w > 0) widths.push_back(w);
  }
  return widths;
}

QString FormatHiddenLayers(const std::vector<int>& widths) {
  QStringList parts;
  for (int w : widths) parts << QString::number(w);
  return parts.join(',');
}

ModelSection::ModelSection(QWidget* parent) : CollapsibleSection(tr("Model"), parent) {
  auto* form = new QFormLayout();
  type_ = new QComboBox(this);
  type_->setObjectName("modelTypeCombo");
  type_->addItems({"mlp", "logistic", "linear"});
  type_->setToolTip(tr("mlp: dense layers with a nonlinearity; logistic: softmax regression "
                       "(classification); linear: least squares (regression)"));
  hidden_ = new QLineEdit(this);
  hidden_->setObjectName("hiddenEdit");
  hidden_->setPlaceholderText(tr("e.g. 128,64"));
  hidden_->setValidator(new QRegularExpressionValidator(
      QRegularExpression(R"(^\s*([1-9]\d{0,4}\s*(,\s*[1-9]\d{0,4}\s*)*,?)?$)"), hidden_));
  hidden_->setToolTip(tr("Widths of the hidden layers, comma separated (empty: no hidden layer)"));
  activation_ = new QComboBox(this);
  activation_->addItems({"relu", "tanh", "sigmoid", "leaky_relu", "gelu"});
  activation_->setToolTip(tr("Nonlinearity after each hidden layer"));
  dropout_ = new QDoubleSpinBox(this);
  dropout_->setRange(0.0, 0.95);
  dropout_->setSingleStep(0.05);
  dropout_->setDecimals(2);
  dropout_->setToolTip(tr("Probability of zeroing a hidden unit during training (0 = off)"));
  form->addRow(tr("Type"), type_);
  form->addRow(tr("Hidden layers"), hidden_);
  form->addRow(tr("Activation"), activation_);
  form->addRow(tr("Dropout"), dropout_);
  body_layout()->addLayout(form);
  connect(type_, &QComboBox::currentIndexChanged, this, &ModelSection::UpdateEnabled);
  UpdateEnabled();
}

void ModelSection::Load(const ModelConfig& model) {
  const int i = type_->findText(QString::fromStdString(model.type));
  if (i >= 0) type_->setCurrentIndex(i);
  hidden_->setText(FormatHiddenLayers(model.hidden));
  const int a = activation_->findText(QString::fromStdString(model.activation));
  if (a >= 0) activation_->setCurrentIndex(a);
  dropout_->setValue(model.dropout);
  UpdateEnabled();
}

void ModelSection::Apply(ModelConfig* model) const {
  model->type = type_->currentText().toStdString();
  model->hidden = ParseHiddenLayers(hidden_->text());
  model->activation = activation_->currentText().toStdString();
  model->dropout = dropout_->value();
}

void ModelSection::UpdateEnabled() {
  const bool mlp = type_->currentText() == "mlp";
  hidden_->setEnabled(mlp);
  activation_->setEnabled(mlp);
  dropout_->setEnabled(mlp);
}

}  // namespace optiscope::ui
