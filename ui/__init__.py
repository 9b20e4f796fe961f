"""Streamlit helpers shared by app.py and pages/ (the core wisselaar/ stays Streamlit-free)."""
