def build_demo_orglife(size, stdout=None):
    pass
