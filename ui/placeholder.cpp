// Placeholder translation unit so the UI library has a source before the UI lands.
namespace optiscope::ui {}
