// optiscope: the GUI (placeholder until the UI lands).
int main() { return 0; }
