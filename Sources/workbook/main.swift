import Workbook
print("workbook: not built yet")
