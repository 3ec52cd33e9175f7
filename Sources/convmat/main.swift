print("convmat")
