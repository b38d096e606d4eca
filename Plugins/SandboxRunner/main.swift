print("mlc-sandbox")
