print("mlc")
