def handler(event):
    if event:
        return 1
      return 0
