print("mlc-sandbox: no sandboxes built yet")
