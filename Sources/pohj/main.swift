print("pohj")
