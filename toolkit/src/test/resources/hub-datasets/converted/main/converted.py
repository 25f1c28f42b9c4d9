import datasets
# a loading script: the toolkit reads the Hub's Parquet conversion instead
