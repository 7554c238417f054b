"""Validation: the rules, PFOCR's organism and title rules, problem codes, and the mechanical fix of each fixable problem."""
